#include "hq/snapshot_catch_up.h"

#include <spdlog/spdlog.h>

#include "hq/hq_store.h"

namespace smartstore::sync::detail {

SnapshotCatchUp::SnapshotCatchUp(Options options) : options_(std::move(options)) {
  options_.broker.client_id.clear();
  worker_ = std::thread([this] { run(); });
}

SnapshotCatchUp::~SnapshotCatchUp() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  worker_.join();
}

void SnapshotCatchUp::refused_delta(const std::string& store, std::int64_t base_version,
                                    std::int64_t version) {
  std::lock_guard lock(mu_);
  auto [it, fresh] = pending_.insert_or_assign(store, Refusal{base_version, version});
  if (fresh) order_.push_back(store);
  cv_.notify_one();
}

std::uint64_t SnapshotCatchUp::sent() const {
  std::lock_guard lock(mu_);
  return sent_;
}

void SnapshotCatchUp::run() {
  for (;;) {
    std::string store;
    Refusal r;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [this] { return stopping_ || !order_.empty(); });
      if (stopping_) return;
      store = order_.front();
      order_.pop_front();
      r = pending_[store];
      pending_.erase(store);
    }
    try {
      catch_up(store, r);
    } catch (const std::exception& e) {
      spdlog::warn("hq ingest: catching {} up failed: {}", store, e.what());
    }
  }
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
