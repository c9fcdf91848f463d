#pragma once
// Internal: what a store's publish sends — the full snapshot or a delta
// against the version the store acknowledged — decided from HQ's store, which
// keeps each published snapshot's digests until no delta can start from them.
#include <optional>
#include <string>

#include "hq_store.h"
#include "snapshot_delta.h"
#include "smartstore/sync/hq.h"

namespace smartstore::sync::detail {

// A delta travels as one message: its body stays under the envelope's 16 MiB
// bound with 1 MiB to spare (the envelope and signature add under 1 KiB) and
// its lists under 200,000 items; a larger one goes as the full snapshot.
inline constexpr std::uint64_t kMaxDeltaBodyBytes = 15u << 20;
inline constexpr std::size_t kMaxDeltaItems = 200'000;
// Versions kept after a store's acknowledged one: what was sent and may still
// be acknowledged (a store offline for a week acknowledges the oldest first).
inline constexpr int kKeptNewerVersions = 7;

struct SnapshotPlan {
  SnapshotPublication publication;     // bytes: what the plan will send
  std::optional<SnapshotDelta> delta;  // with kind delta
};

// Keeps next's digests, decides, and prunes what the store can no longer
// need. storage_io when the database fails.
[[nodiscard]] Result<SnapshotPlan> plan_snapshot(HqStore& db, const std::string& store,
                                                 const SnapshotLines& next, bool full);

}  // namespace smartstore::sync::detail
