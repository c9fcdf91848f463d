// ctest-labels: unit
// Retention through the real kiosk: coupons scanned, redeemed and noted,
// HQ's acknowledgements, then runs at later times. What goes is what no
// reader needs; what stays keeps single use, the welcome offer's once per
// member and every unacknowledged event. The outbox stamps an
// acknowledgement with the real clock, so the simulated time starts now.
#include <doctest/doctest.h>

#include <thread>

#include "edge/kiosk/kiosk_rig.h"
#include "smartstore/common/utc_time.h"
#include "smartstore/edge/kiosk_config.h"
#include "support/member_numbers.h"

using namespace smartstore;
using namespace smartstore::edge;
using namespace std::chrono_literals;
using smartstore::testing::with_luhn_digit;

namespace {
const std::vector<unsigned char> kDeploymentKey(32, 3);
const std::vector<unsigned char> kCouponKey(32, 5);
constexpr auto kDay = 24h;

struct Kiosk : smartstore::testing::KioskRig {
  Clock::time_point t0 = std::chrono::time_point_cast<std::chrono::seconds>(Clock::now());
  Kiosk() : KioskRig(kDeploymentKey, kCouponKey, Clock::now() - kDay * 30) {}

  // Caches these members' profiles (a snapshot: all at once); their keys.
  std::vector<std::string> members(const std::vector<std::string>& numbers) {
    std::vector<models::CustomerProfile> profiles;
    std::vector<std::string> keys;
    for (const auto& n : numbers) {
      profiles.push_back(smartstore::testing::star_profile(kDeploymentKey, n));
      keys.push_back(profiles.back().member_key);
    }
    REQUIRE(store.profiles().load(profiles));
    return keys;
  }
  IssuedCoupon scan(const std::string& number, Clock::time_point at) {
    auto out = kiosk.on_scan(number, at);
    INFO(out.reason_code);
    REQUIRE(out.coupon);
    return *out.coupon;
  }
  void note(const std::string& key, const std::string& idempotency_key, Clock::time_point at) {
    StaffNote n;
    n.remarks = "asked about running shoes";
    REQUIRE(store.notes().record_note(key, n, "staff-1", idempotency_key, at));
  }
  // HQ acknowledges every event sent so far.
  void acknowledge_all() {
    for (auto events = store.outbox().next_unsent(1000); !events.empty();
         events = store.outbox().next_unsent(1000)) {
      std::vector<std::string> ids;
      for (const auto& e : events) ids.push_back(e.event_id);
      REQUIRE(store.outbox().mark_acknowledged(ids));
    }
  }
  store::RetentionReport retain(Clock::time_point at) {
    auto run = store.retention().run(at);
    REQUIRE(run);
    return *run;
  }
};

std::uint64_t pruned(const store::RetentionReport& r, const std::string& table) {
  auto it = r.pruned.find(table);
  return it == r.pruned.end() ? 0 : it->second;
}
}  // namespace

TEST_CASE("retention: an expired coupon goes with its redemption; the member's newest and notes stay") {
  Kiosk k;
  const auto a = with_luhn_digit("941012345678901");
  const auto b = with_luhn_digit("941012345678911");
  const auto keys = k.members({a, b});
  const std::string& key_a = keys[0];
  const std::string& key_b = keys[1];
  const IssuedCoupon old_a = k.scan(a, k.t0);
  REQUIRE(k.kiosk.redeem(old_a.code, "till-1", k.t0 + 1h).accepted);
  const IssuedCoupon only_b = k.scan(b, k.t0 + 2h);
  const IssuedCoupon new_a = k.scan(a, k.t0 + kDay);  // the first is used: a new one
  k.note(key_a, "note-1", k.t0 + 2h);
  k.acknowledge_all();

  // Before expiry + margin nothing goes.
  auto early = k.retain(old_a.expires_at + 6 * kDay);
  CHECK(early.total() == 0);
  CHECK(k.store.journal().find_coupon(old_a.coupon_id, k.t0));

  const auto later = new_a.expires_at + 8 * kDay;
  auto run = k.retain(later);
  CHECK(pruned(run, "coupons") == 1);
  CHECK(pruned(run, "redemptions") == 1);
  CHECK(pruned(run, "notes") == 0);   // 90 days after HQ's acknowledgement
  CHECK(pruned(run, "outbox") == 0);  // acknowledged less than 30 days before
  CHECK_FALSE(k.store.journal().find_coupon(old_a.coupon_id, later));
  CHECK(k.store.journal().find_coupon(new_a.coupon_id, later));   // A's newest
  CHECK(k.store.journal().find_coupon(only_b.coupon_id, later));  // B's only
  // The welcome offer stays once per member: both still count as welcomed.
  CHECK(k.store.journal().history(key_a, local_date(later), later).ever_issued);
  CHECK(k.store.journal().history(key_b, local_date(later), later).ever_issued);
  CHECK(k.store.notes().recent_notes(key_a, 10).size() == 1);
  CHECK(k.store.counters().retention_pruned.at("coupons") == 1);

  const auto much_later = k.t0 + 200 * kDay;
  auto second = k.retain(much_later);
  CHECK(pruned(second, "notes") == 1);
  CHECK(pruned(second, "outbox") >= 5);  // 3 issues, 1 redemption, 1 note
  CHECK(k.store.notes().recent_notes(key_a, 10).empty());
  CHECK(k.store.outbox().event_ids_of_day(local_date(k.t0), "coupon_issued").empty());
  CHECK(k.store.journal().find_coupon(new_a.coupon_id, much_later));
  CHECK(k.store.counters().retention_runs == 3);
}

TEST_CASE("retention: nothing whose event HQ has not acknowledged is pruned") {
  Kiosk k;
  const auto a = with_luhn_digit("941012345678901");
  const std::string key_a = k.members({a})[0];
  const IssuedCoupon first = k.scan(a, k.t0);
  REQUIRE(k.kiosk.redeem(first.code, "till-1", k.t0 + 1h).accepted);
  const IssuedCoupon second = k.scan(a, k.t0 + kDay);
  k.note(key_a, "note-1", k.t0 + 2h);

  const auto year_later = k.t0 + 400 * kDay;
  CHECK(k.retain(year_later).total() == 0);
  CHECK(k.store.journal().find_coupon(first.coupon_id, year_later));
  CHECK(k.store.notes().recent_notes(key_a, 10).size() == 1);
  CHECK(k.store.outbox().depth() == 4);

  k.acknowledge_all();
  auto run = k.retain(year_later + kDay);
  CHECK(pruned(run, "coupons") == 1);
  CHECK(pruned(run, "redemptions") == 1);
  CHECK(pruned(run, "notes") == 1);
  CHECK(k.store.journal().find_coupon(second.coupon_id, year_later));
}

TEST_CASE("retention: a still-valid redeemed coupon stays single use after a run") {
  Kiosk k;
  const auto a = with_luhn_digit("941012345678901");
  const auto b = with_luhn_digit("941012345678911");
  k.members({a, b});
  const IssuedCoupon old_b = k.scan(b, k.t0);
  REQUIRE(k.kiosk.redeem(old_b.code, "till-1", k.t0 + 1h).accepted);
  const IssuedCoupon used = k.scan(a, old_b.expires_at + 8 * kDay);
  REQUIRE(k.kiosk.redeem(used.code, "till-1", old_b.expires_at + 8 * kDay + 1h).accepted);
  k.scan(b, old_b.expires_at + 8 * kDay);
  k.acknowledge_all();

  const auto run_at = old_b.expires_at + 9 * kDay;  // `used` is still valid
  REQUIRE(run_at < used.expires_at);
  auto run = k.retain(run_at);
  CHECK(pruned(run, "coupons") == 1);  // B's old one went in the same run
  auto again = k.kiosk.redeem(used.code, "till-2", run_at + 1h);
  CHECK_FALSE(again.accepted);
  CHECK(again.reason_code == "already_redeemed");
}

// Single use needs the redemption row only while the code passes its signed
// expiry check; retention removes it a margin after that, and raises the
// clock floor first so that setting the clock back to before the expiry is
// refused instead of reviving the code.
TEST_CASE("retention: a redeemed coupon whose rows are gone is refused: expired, or the clock is behind") {
  Kiosk k;
  const auto a = with_luhn_digit("941012345678901");
  k.members({a});
  const IssuedCoupon used = k.scan(a, k.t0);
  REQUIRE(k.kiosk.redeem(used.code, "till-1", k.t0 + 1h).accepted);
  k.scan(a, k.t0 + kDay);
  k.acknowledge_all();

  const auto run_at = used.expires_at + 8 * kDay;
  auto run = k.retain(run_at);
  REQUIRE(pruned(run, "redemptions") == 1);
  REQUIRE_FALSE(k.store.journal().find_coupon(used.coupon_id, run_at));

  auto now = k.kiosk.redeem(used.code, "till-1", run_at + 1min);
  CHECK_FALSE(now.accepted);
  CHECK(now.reason_code == "expired");
  auto set_back = k.kiosk.redeem(used.code, "till-2", k.t0 + 2h);
  CHECK_FALSE(set_back.accepted);
  CHECK(set_back.reason_code == "clock_behind");
}

TEST_CASE("retention: a redemption of a coupon not issued here stays unknown_expiry_days") {
  Kiosk k;
  auto write = k.store.journal().record_redemption("H-123", "hq", "till-1", "", k.t0);
  REQUIRE(write);
  k.acknowledge_all();
  CHECK(pruned(k.retain(k.t0 + 399 * kDay), "redemptions") == 0);
  CHECK(pruned(k.retain(k.t0 + 401 * kDay), "redemptions") == 1);
}

TEST_CASE("retention: the schedule runs on its thread and /metrics counts it") {
  Kiosk k;
  {
    store::RetentionSchedule schedule(k.store, 10ms, 0ms, {});
    for (int i = 0; i < 200 && k.store.counters().retention_runs < 2; ++i) std::this_thread::sleep_for(10ms);
  }
  const auto runs = k.store.counters().retention_runs;
  CHECK(runs >= 2);
  std::this_thread::sleep_for(30ms);
  CHECK(k.store.counters().retention_runs == runs);  // stopped with the schedule
  CHECK(k.kiosk.metrics_text().find("smartstore_retention_runs_total " + std::to_string(runs)) !=
        std::string::npos);
}

TEST_CASE("retention: kiosk.toml [retention] keys, defaults and a value out of range") {
  const std::string base =
      "[kiosk]\nstore_id = \"S001\"\nkiosk_id = \"K01\"\ndata_dir = \"/tmp/ss\"\n"
      "deployment_key_file = \"/tmp/ss/dk\"\ncoupon_key_file = \"/tmp/ss/ck\"\n"
      "[http]\nlisten = \"127.0.0.1:8080\"\nstaff_file = \"/tmp/ss/staff.toml\"\n";
  auto defaults = parse_kiosk_config(base, "kiosk.toml");
  INFO((defaults ? "" : defaults.error().describe()));
  REQUIRE(defaults);
  CHECK(defaults->retention.enabled);
  CHECK(defaults->retention.interval_minutes == 60);
  CHECK(defaults->retention.keep.batch_rows == 200);
  auto set = parse_kiosk_config(base + "[retention]\nnote_days = 30\nbatch_rows = 500\nenabled = false\n",
                                "kiosk.toml");
  REQUIRE(set);
  CHECK(set->retention.keep.note_days == 30);
  CHECK(set->retention.keep.batch_rows == 500);
  CHECK_FALSE(set->retention.enabled);
  auto bad = parse_kiosk_config(base + "[retention]\nunknown_expiry_days = 30\n", "kiosk.toml");
  REQUIRE_FALSE(bad);
  REQUIRE(bad.error().fields().size() == 1);
  CHECK(bad.error().fields()[0].field == "kiosk.toml:11: retention.unknown_expiry_days");
}
