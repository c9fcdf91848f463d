#pragma once
// The latest time this kiosk has seen, kept across restarts. Coupon expiry is
// a signed absolute time, so a wall clock set back (a stale clock after a
// power cut, or someone who wants an expired coupon to pass again) would make
// expired coupons valid; a clock that reads before a time the kiosk already
// saw is caught here instead. Each call is one step under the store's lock.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <optional>

#include "smartstore/common/result.h"
#include "smartstore/edge/kiosk_service.h"

namespace smartstore::edge::store {

class StoreDatabase;

class ClockFloor final {
 public:
  // A write at most once per step while time flows: the floor may lag the
  // clock by this much after a crash, never run ahead of what was seen.
  static constexpr std::chrono::seconds kPersistStep{60};

  explicit ClockFloor(StoreDatabase& db);
  ClockFloor(const ClockFloor&) = delete;
  ClockFloor& operator=(const ClockFloor&) = delete;

  // The latest time observed (whole seconds); the epoch before any.
  [[nodiscard]] Clock::time_point floor() const { return Clock::time_point(std::chrono::seconds(floor_s_)); }
  // Raises the floor to `now` when later, persisting it when it moved by at
  // least kPersistStep since the last write. A refused write keeps the floor
  // in memory (it is still true) and says why.
  Status observe(Clock::time_point now);
  // The same for a caller whose write transaction is open anyway (a coupon
  // issue, a redemption): a due write goes into that transaction instead of
  // a commit of its own. Returns the second written; the caller passes it to
  // committed() once its transaction committed.
  std::optional<std::int64_t> observe_in_transaction(Clock::time_point now);
  void committed(std::int64_t written_s) { persisted_s_ = std::max(persisted_s_, written_s); }

 private:
  // Raises the floor to `now`; the second to write when a write is due.
  std::optional<std::int64_t> raise(Clock::time_point now);

  StoreDatabase& db_;
  std::int64_t floor_s_ = 0;
  std::int64_t persisted_s_ = 0;
};

}  // namespace smartstore::edge::store
