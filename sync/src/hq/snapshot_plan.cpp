// Full or delta: against the store's acknowledged version, never against
// what HQ sent last (a store that missed a delta acknowledged less).
#include "hq/snapshot_plan.h"

#include <stdexcept>

namespace smartstore::sync::detail {
namespace {

using Kind = SnapshotPublication::Kind;

// The delta against `acked` when HQ still holds that version's digests and
// the delta beats the full snapshot; otherwise why not.
std::optional<SnapshotDelta> delta_against(HqStore& db, const std::string& store, std::int64_t acked,
                                           const SnapshotLines& next, std::string& why) {
  auto kept = db.published_digests(store, acked);
  if (!kept) {
    why = "v" + std::to_string(acked) + " is no longer kept at HQ";
    return std::nullopt;
  }
  auto base = unpack_digests(*kept);
  if (!base) {
    why = base.error().message();
    return std::nullopt;
  }
  auto delta = compute_delta(*base, acked, next);
  if (delta.bytes >= next.bytes) {
    why = "the delta (" + std::to_string(delta.bytes) + " bytes) is not smaller than the snapshot";
    return std::nullopt;
  }
  if (delta.bytes > kMaxDeltaBodyBytes || delta.upserts.size() > kMaxDeltaItems ||
      delta.removed.size() > kMaxDeltaItems) {
    why = "the delta (" + std::to_string(delta.bytes) + " bytes) does not fit one message";
    return std::nullopt;
  }
  return delta;
}

}  // namespace

Result<SnapshotPlan> plan_snapshot(HqStore& db, const std::string& store, const SnapshotLines& next,
                                   bool full) {
  SnapshotPlan plan;
  auto& p = plan.publication;
  p.version = next.manifest.version;
  p.full_bytes = next.bytes;
  try {
    const std::int64_t acked = db.acknowledged_version(store);
    db.keep_published(store, p.version, pack_digests(digests_of(next)));
    if (acked >= p.version) {
      p.kind = Kind::current;
      p.base_version = acked;
      p.why = "the store acknowledged v" + std::to_string(acked);
    } else if (full) {
      p.why = "full snapshot asked for";
    } else if (acked == 0) {
      p.why = "the store has acknowledged no snapshot";
    } else if (auto delta = delta_against(db, store, acked, next, p.why)) {
      p.kind = Kind::delta;
      p.base_version = acked;
      p.bytes = delta->bytes;
      p.upserts = delta->upserts.size();
      p.removed = delta->removed.size();
      plan.delta = std::move(delta);
    }
    if (p.kind == Kind::full) p.bytes = next.bytes;
    db.prune_published(store, acked, kKeptNewerVersions);
  } catch (const std::exception& e) {
    return fail(ErrorKind::storage_io, std::string("HQ database: ") + e.what(), "hq publish");
  }
  return plan;
}

}  // namespace smartstore::sync::detail
