#pragma once
// Internal: what Paho's callback thread and the agent's callers hand to the
// agent's worker thread. The worker owns the protocol state (events awaiting
// HQ, day-closes awaiting answers, uplink not yet published), so these are
// the only way other threads change it.
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "agent/day_close_tracker.h"
#include "smartstore/models/profile.h"

namespace smartstore::sync::detail {

// New outbox rows: drain now rather than after the interval.
struct Wake {};
// Send the day-close manifest of `day` (StoreAgent::close_day).
struct CloseDay {
  std::string day;
};
// A staged snapshot version may be complete: try to apply it.
struct ApplyStaged {
  std::int64_t version = 0;
};
// HQ committed these events.
struct EventAcks {
  std::vector<std::string> event_ids;
};

// A delta checked and decoded on Paho's thread, applied by the worker as a
// snapshot is: its one transaction must not stall the other clients' callbacks.
struct ApplyDelta {
  std::int64_t base_version = 0, version = 0;
  std::vector<models::CustomerProfile> upserts;
  std::vector<std::string> removed;
};
// Uplink the worker publishes on up/snapshot-ack.
struct SnapshotAck {
  std::int64_t version = 0;
  bool applied = false;
  std::string note;                // why an ack is repeated ("held at start", ...); may be empty
  std::string error;               // why not applied; may be empty
  std::int64_t record_count = -1;  // profiles applied; -1: not said
  // For a delta: the version it applies on, so HQ can tell a store that missed
  // the delta before (and send what it needs) from one that refused a snapshot.
  std::int64_t delta_base = 0;
};
// Uplink the worker publishes on up/chunk-request.
struct ChunkRequest {
  std::int64_t version = 0;
  std::vector<std::uint32_t> indices;
  std::string reason;
};

using AgentMessage = std::variant<Wake, CloseDay, ApplyStaged, ApplyDelta, EventAcks, DayCloseAnswer,
                                  SnapshotAck, ChunkRequest>;

// Messages a full queue may drop: each is derived again without it (the
// worker polls the outbox every interval, the re-request timer asks for
// missing chunks and applies complete staged snapshots). Every other kind
// waits for room.
[[nodiscard]] inline bool may_drop(const AgentMessage& m) {
  return std::holds_alternative<Wake>(m) || std::holds_alternative<ApplyStaged>(m) ||
         std::holds_alternative<ChunkRequest>(m);
}

}  // namespace smartstore::sync::detail
