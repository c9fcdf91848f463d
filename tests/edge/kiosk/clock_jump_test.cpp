// Clock jumps: a kiosk that was switched off boots with a stale clock and NTP
// steps it forward, or steps it back after a drift. The kiosk takes `now` on
// every call, so the test steps time directly. Coupon expiry follows the
// signed absolute expiry, caps follow the store-local day the clock shows,
// single use survives any step, the outbox drains in write order and event
// ids stay unique and increasing across a backward step.
#include <doctest/doctest.h>

#include <set>

#include "edge/kiosk/kiosk_rig.h"
#include "smartstore/edge/store/event_id.h"
#include "smartstore/models/member_key.h"
#include "support/member_numbers.h"

using namespace smartstore;
using namespace smartstore::edge;
using namespace std::chrono_literals;
using smartstore::testing::TempDir;
using smartstore::testing::with_luhn_digit;

namespace {
const std::vector<unsigned char> kDeploymentKey(32, 3);
const std::vector<unsigned char> kCouponKey(32, 5);

models::CustomerProfile star(const std::string& number) {
  return smartstore::testing::star_profile(kDeploymentKey, number);
}

// 2026-11-23 03:00 UTC (12:00 in Seoul): mid-day wherever the test runs.
const Clock::time_point kT0 = Clock::time_point(std::chrono::seconds(1'795'402'800));

struct Store : smartstore::testing::KioskRig {
  Clock::time_point t0 = kT0;
  Store() : KioskRig(kDeploymentKey, kCouponKey, kT0 - 24h * 30) {}
};
}  // namespace

TEST_CASE("clock steps: expiry is the signed absolute time, single use survives a backward step") {
  Store s;
  const auto number = with_luhn_digit("941012345678901");
  REQUIRE(s.store.profiles().load({star(number)}));
  auto issued = s.kiosk.on_scan(number, s.t0);
  REQUIRE(issued.coupon);
  const auto expires = issued.coupon->expires_at;
  REQUIRE(expires > s.t0);

  // NTP steps the clock forward past the expiry: the coupon is expired, by its own signed time.
  auto late = s.kiosk.redeem(issued.coupon->code, "till-1", expires + 1min);
  CHECK(late.reason_code == "expired");
  auto view = s.kiosk.coupon(issued.coupon->code, expires + 1min);
  REQUIRE(view);
  CHECK(view->status == "expired");
  // Stepped back (the forward step was wrong): valid again, redeemed once.
  auto ok = s.kiosk.redeem(issued.coupon->code, "till-2", s.t0 + 1h);
  CHECK(ok.accepted);
  // Back again by two hours: before it was issued, yet still used up.
  auto again = s.kiosk.redeem(issued.coupon->code, "till-3", s.t0 - 2h);
  CHECK_FALSE(again.accepted);
  CHECK(again.reason_code == "already_redeemed");
}

TEST_CASE("clock steps: the daily cap follows the day the clock shows, also after a step back") {
  Store s;
  const auto number = with_luhn_digit("941012345678902");
  REQUIRE(s.store.profiles().load({star(number)}));
  REQUIRE(s.kiosk.on_scan(number, s.t0).coupon);
  REQUIRE(s.kiosk.on_scan(number, s.t0 + 5min).coupon);
  CHECK(s.kiosk.on_scan(number, s.t0 + 10min).reason_code == "cap.daily");
  // A step forward to tomorrow opens tomorrow's cap...
  CHECK(s.kiosk.on_scan(number, s.t0 + 24h).coupon);
  // ...and stepping back to today does not reopen today's.
  auto back = s.kiosk.on_scan(number, s.t0 + 15min);
  CHECK_FALSE(back.coupon);
  CHECK(back.reason_code == "cap.daily");
}

TEST_CASE("clock steps: the outbox drains in write order whatever created_at says") {
  Store s;
  const std::vector<Clock::time_point> clock = {s.t0, s.t0 - 3h, s.t0 + 48h, s.t0 - 24h * 400, s.t0 + 1s};
  std::vector<std::string> written;
  for (std::size_t i = 0; i < clock.size(); ++i) {
    const auto number = with_luhn_digit("94101234567" + std::to_string(1000 + i));
    REQUIRE(s.store.profiles().load({star(number)}));
    auto out = s.kiosk.on_scan(number, clock[i]);
    REQUIRE(out.coupon);
    written.push_back(out.coupon->coupon_id);
  }
  auto events = s.store.outbox().next_unsent(100);
  REQUIRE(events.size() == clock.size());
  std::set<std::string> ids;
  for (std::size_t i = 0; i < events.size(); ++i) {
    CHECK(events[i].payload_json.find(written[i]) != std::string::npos);
    if (i > 0) CHECK(events[i].seq > events[i - 1].seq);
    ids.insert(events[i].event_id);
  }
  CHECK(ids.size() == events.size());
}

TEST_CASE(
    "clock steps: a redemption throttle set before a backward step does not lock the till for the step") {
  Store s;
  const auto number = with_luhn_digit("941012345678903");
  REQUIRE(s.store.profiles().load({star(number)}));
  auto issued = s.kiosk.on_scan(number, s.t0);
  REQUIRE(issued.coupon);
  std::string tampered = issued.coupon->code;
  tampered[10] = tampered[10] == 'A' ? 'B' : 'A';
  for (int i = 0; i < 6; ++i) (void)s.kiosk.redeem(tampered, "till-9", s.t0);
  REQUIRE(s.kiosk.redeem(issued.coupon->code, "till-9", s.t0).reason_code == "throttled");
  // NTP steps the clock back an hour; two real minutes later the throttle window has passed.
  auto after = s.kiosk.redeem(issued.coupon->code, "till-9", s.t0 - 1h + 2min);
  CHECK_MESSAGE(after.accepted,
                "reason " << after.reason_code << ": the throttle measures its window on the wall clock");
}

TEST_CASE("clock steps: UUIDv7 event ids stay unique and increasing across a backward step") {
  Store s;
  std::vector<std::string> ids;
  // Many in one millisecond, then a step back by an hour, then a small step forward.
  for (int i = 0; i < 200; ++i) ids.push_back(store::uuid_v7(s.t0));
  for (int i = 0; i < 200; ++i) ids.push_back(store::uuid_v7(s.t0 - 1h));
  for (int i = 0; i < 200; ++i) ids.push_back(store::uuid_v7(s.t0 - 1h + 5ms));
  std::set<std::string> unique(ids.begin(), ids.end());
  CHECK(unique.size() == ids.size());
  std::size_t out_of_order = 0;
  for (std::size_t i = 1; i < ids.size(); ++i)
    if (!(ids[i - 1] < ids[i])) ++out_of_order;
  CHECK_MESSAGE(out_of_order == 0,
                out_of_order << " of " << ids.size() << " ids not greater than the one before");
  for (const auto& id : ids) {
    CHECK(id.size() == 36);
    CHECK(id[14] == '7');  // version nibble
  }
}
