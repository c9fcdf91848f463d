#pragma once
// The latest time this kiosk has seen, kept across restarts. Coupon expiry is
// a signed absolute time, so a wall clock set back (a stale clock after a
// power cut, or someone who wants an expired coupon to pass again) would make
// expired coupons valid; a clock that reads before a time the kiosk already
// saw is caught here instead. Each call is one step under the store's lock.
#include <chrono>
#include <cstdint>

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

 private:
  StoreDatabase& db_;
  std::int64_t floor_s_ = 0;
  std::int64_t persisted_s_ = 0;
};

}  // namespace smartstore::edge::store
