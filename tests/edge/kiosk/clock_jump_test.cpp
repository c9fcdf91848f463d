// ctest-labels: unit security
// Clock jumps: a kiosk that was switched off boots with a stale clock and NTP
// steps it forward, or steps it back after a drift. The kiosk takes `now` on
// every call, so the test steps time directly. Coupon expiry follows the
// signed absolute expiry and redemptions are refused while the clock reads
// before a time the kiosk already saw (beyond a small NTP slack), caps follow
// the store-local day the clock shows, single use survives a step back, the
// outbox drains in write order and event ids stay unique and increasing
// across a backward step.
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

TEST_CASE("clock steps: expiry is the signed absolute time, single use survives a small step back") {
  Store s;
  const auto number = with_luhn_digit("941012345678901");
  REQUIRE(s.store.profiles().load({star(number)}));
  auto issued = s.kiosk.on_scan(number, s.t0);
  REQUIRE(issued.coupon);
  const auto expires = issued.coupon->expires_at;
  REQUIRE(expires > s.t0 + 2h);

  auto ok = s.kiosk.redeem(issued.coupon->code, "till-1", s.t0 + 1h);
  CHECK(ok.accepted);
  // NTP corrects the clock back by three minutes: still used up.
  auto again = s.kiosk.redeem(issued.coupon->code, "till-2", s.t0 + 1h - 3min);
  CHECK_FALSE(again.accepted);
  CHECK(again.reason_code == "already_redeemed");

  // A second coupon, and the clock steps forward past its expiry: expired by its own signed time.
  const auto other = with_luhn_digit("941012345678911");
  REQUIRE(s.store.profiles().load({star(other)}));
  auto second = s.kiosk.on_scan(other, s.t0 + 1h);
  REQUIRE(second.coupon);
  auto late = s.kiosk.redeem(second.coupon->code, "till-1", second.coupon->expires_at + 1min);
  CHECK(late.reason_code == "expired");
  auto view = s.kiosk.coupon(second.coupon->code, second.coupon->expires_at + 1min);
  REQUIRE(view);
  CHECK(view->status == "expired");
}

// The attack: set the kiosk's clock back before an expiry so that an expired
// coupon passes again. Before the clock floor it was redeemed.
TEST_CASE("clock steps: a clock set back before a time the kiosk saw is refused, also after a restart") {
  Store s;
  const auto number = with_luhn_digit("941012345678901");
  REQUIRE(s.store.profiles().load({star(number)}));
  auto issued = s.kiosk.on_scan(number, s.t0);
  REQUIRE(issued.coupon);
  const auto expired_at = issued.coupon->expires_at + 1min;
  CHECK(s.kiosk.redeem(issued.coupon->code, "till-1", expired_at).reason_code == "expired");

  auto back = s.kiosk.redeem(issued.coupon->code, "till-1", s.t0 + 1h);
  CHECK_FALSE(back.accepted);
  CHECK(back.reason_code == "clock_behind");
  REQUIRE(back.error);
  CHECK(back.error->kind() == ErrorKind::unavailable);
  CHECK(back.message.find("before") != std::string::npos);
  const auto record = s.store.journal().find_coupon(issued.coupon->coupon_id, expired_at);
  REQUIRE(record);
  CHECK_FALSE(record->redeemed_at);

  // A scan also moves the floor (a kiosk that only scans all day still knows the time).
  (void)s.kiosk.on_scan(number, expired_at + 24h);
  CHECK(s.store.clock_floor().floor() >= expired_at + 24h - 1s);

  // Restarted on the same file with the clock still set back: still refused.
  edge::store::KioskStore reopened{s.dir / "kiosk.db", edge::store::StoreOptions{"S001", 1000, 30, false}};
  CHECK(reopened.clock_floor().floor() >= expired_at + 24h - edge::store::ClockFloor::kPersistStep);
  edge::kiosk::Kiosk restarted(reopened, smartstore::testing::kiosk_options(kDeploymentKey));
  CHECK(restarted.redeem(issued.coupon->code, "till-1", s.t0 + 1h).reason_code == "clock_behind");
  // Within the slack of a small NTP correction the kiosk still redeems (here: expired, by the coupon's time).
  CHECK(restarted.redeem(issued.coupon->code, "till-1", expired_at + 24h - 2min).reason_code == "expired");
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
  // NTP corrects the clock back by three minutes (within the clock floor's
  // slack): the failures now lie "in the future", so the till is not locked.
  auto after = s.kiosk.redeem(issued.coupon->code, "till-9", s.t0 - 3min);
  CHECK_MESSAGE(after.accepted,
                "reason " << after.reason_code << ": the throttle measures its window on the wall clock");
}

TEST_CASE("clock steps: an hour back, redemptions wait for the clock, not for the throttle") {
  Store s;
  const auto number = with_luhn_digit("941012345678903");
  REQUIRE(s.store.profiles().load({star(number)}));
  auto issued = s.kiosk.on_scan(number, s.t0);
  REQUIRE(issued.coupon);
  auto behind = s.kiosk.redeem(issued.coupon->code, "till-9", s.t0 - 1h);
  CHECK(behind.reason_code == "clock_behind");
  // Not counted as the device's failures: once the clock is right the till redeems at once.
  for (int i = 0; i < 6; ++i)
    CHECK(s.kiosk.redeem(issued.coupon->code, "till-9", s.t0 - 1h).reason_code == "clock_behind");
  CHECK(s.kiosk.redeem(issued.coupon->code, "till-9", s.t0 + 1min).accepted);
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
