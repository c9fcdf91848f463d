#include "hq/snapshot_catch_up.h"

#include <spdlog/spdlog.h>

#include "hq/hq_store.h"

namespace smartstore::sync::detail {

SnapshotCatchUp::SnapshotCatchUp(Options options)
    : options_(std::move(options)),
      queue_("catch-up", [this](const std::string& store, Refusal& r) { catch_up(store, r); }) {
  options_.broker.client_id.clear();
}

void SnapshotCatchUp::refused_delta(const std::string& store, std::int64_t base_version,
                                    std::int64_t version) {
  queue_.put(store, [&](Refusal& r, bool) { r = Refusal{base_version, version}; });
}

std::uint64_t SnapshotCatchUp::sent() const {
  std::lock_guard lock(mu_);
  return sent_;
}

void SnapshotCatchUp::catch_up(const std::string& store, const Refusal& r) {
  if (options_.snapshots_root.empty()) {
    spdlog::warn("hq ingest: {} refused delta v{} -> v{}; no --snapshots to send it what it needs", store,
                 r.base_version, r.version);
    return;
  }
  auto& [version, tries] = tries_[store];
  if (version != r.version) {
    version = r.version;
    tries = 0;
  }
  if (tries >= 2) {
    spdlog::warn("hq ingest: {} refused v{} again after a full snapshot; left to the next publish", store,
                 r.version);
    return;
  }
  // Refused on the store's own version: not a gap, the apply failed; a delta
  // again would fail again.
  const std::int64_t acked = open_hq_store(options_.db)->acknowledged_version(store);
  const bool full = tries > 0 || acked == r.base_version;
  ++tries;
  auto sent = publish_store_snapshot(options_.broker, store, options_.snapshots_root / store,
                                     {options_.db, full, options_.signing_key_file});
  if (!sent) {
    spdlog::warn("hq ingest: {} refused delta v{} -> v{}; catching it up failed: {}", store, r.base_version,
                 r.version, sent.error().message());
    return;
  }
  spdlog::info("hq ingest: {} refused delta v{} -> v{} (it holds v{}); sent {}", store, r.base_version,
               r.version, acked, describe(*sent));
  std::lock_guard lock(mu_);
  ++sent_;
}

}  // namespace smartstore::sync::detail
