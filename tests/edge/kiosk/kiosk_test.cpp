// KioskService over a real SQLite file: scans issue signed coupons recorded
// with their outbox rows, caps hold, notes validate and replay, redeem is
// single use.
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <nlohmann/json.hpp>

#include "edge/kiosk/kiosk_rig.h"
#include "smartstore/models/member_key.h"
#include "support/member_numbers.h"

using namespace smartstore;
using namespace smartstore::edge;
using smartstore::testing::TempDir;
using smartstore::testing::with_luhn_digit;

namespace {
const std::vector<unsigned char> kDeploymentKey(32, 7);
const std::vector<unsigned char> kCouponKey(32, 9);

models::CustomerProfile profile_for(const std::string& number, const std::string& tier) {
  models::CustomerProfile p;
  p.member_key = models::member_key(kDeploymentKey, number);
  p.tier = tier;
  p.grade = "G2";
  p.segment = "Silver";
  p.behaviour_type = "easygoing";
  p.age_band = "20s";
  p.gender = "F";
  p.preferences = {{"여성의류", 100, 4}, {"남성의류", 40, 1}};
  p.total_spend_krw = 400'000;
  return p;
}

const Clock::time_point kNow = Clock::time_point(std::chrono::seconds(1'717'200'000));  // 2024-06-01

struct Fixture : smartstore::testing::KioskRig {
  Clock::time_point now = kNow;
  Fixture() : KioskRig(kDeploymentKey, kCouponKey, kNow) {}
};
}  // namespace

TEST_CASE("database file is private and migrated") {
  Fixture f;
  struct stat st {};
  REQUIRE(::stat((f.dir / "kiosk.db").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  CHECK(f.store.integrity_ok());
}

TEST_CASE("a known star member gets the star coupon, journaled with its outbox row") {
  Fixture f;
  const std::string number = with_luhn_digit("123456789012345");
  REQUIRE(f.store.profiles().load({profile_for(number, "star")}));
  std::vector<std::string> seen;
  f.kiosk.on_scan_outcome([&](const ScanOutcome& o) { seen.push_back(o.reason_code); });

  ScanOutcome out = f.kiosk.on_scan(number + "\r\n", f.now);
  CHECK(out.kind == ScanKind::member);
  CHECK(out.known_member);
  REQUIRE(out.coupon);
  CHECK(out.coupon->offer_id == "star_thank_you");
  CHECK(out.reason_code == "tier.star");
  CHECK(out.coupon->point_rate_pct == doctest::Approx(0.8));
  CHECK(out.coupon->code.rfind("SC1.", 0) == 0);
  CHECK(seen == std::vector<std::string>{"tier.star"});

  auto events = f.store.outbox().next_unsent(10);
  REQUIRE(events.size() == 1);
  CHECK(events[0].type == "coupon_issued");
  CHECK(events[0].event_id.size() == 36);
  CHECK(events[0].payload_json.find(number) == std::string::npos);  // never a raw number
  CHECK(events[0].payload_json.find(out.member_key) != std::string::npos);
  CHECK(f.store.outbox().depth() == 1);

  auto rec = f.kiosk.coupon(out.coupon->code, f.now);
  REQUIRE(rec);
  CHECK(rec->status == "issued");
  CHECK(rec->member_key == out.member_key);
}

TEST_CASE("daily cap and no duplicate of a still-valid offer") {
  Fixture f;
  const std::string number = with_luhn_digit("123456789012345");
  REQUIRE(f.store.profiles().load({profile_for(number, "star")}));
  auto a = f.kiosk.on_scan(number, f.now);
  auto b = f.kiosk.on_scan(number, f.now + std::chrono::minutes(5));
  auto c = f.kiosk.on_scan(number, f.now + std::chrono::minutes(10));
  REQUIRE(a.coupon);
  REQUIRE(b.coupon);
  CHECK(a.coupon->offer_id == "star_thank_you");
  CHECK(b.coupon->offer_id != a.coupon->offer_id);  // next rule: behaviour
  CHECK(b.reason_code == "behaviour.easygoing");
  CHECK_FALSE(c.coupon);
  CHECK(c.reason_code == "cap.daily");
  auto next_day = f.kiosk.on_scan(number, f.now + std::chrono::hours(24));
  REQUIRE(next_day.coupon);
  CHECK(next_day.coupon->offer_id == "segment_silver");  // star and easygoing still held
}

TEST_CASE("non-member card, unknown member, product and garbage") {
  Fixture f;
  auto unknown = f.kiosk.on_scan(with_luhn_digit("999999999999999"), f.now);
  CHECK(unknown.kind == ScanKind::member);
  CHECK_FALSE(unknown.known_member);
  REQUIRE(unknown.coupon);
  CHECK(unknown.reason_code == "welcome.default");
  auto again = f.kiosk.on_scan(with_luhn_digit("999999999999999"), f.now + std::chrono::hours(30));
  CHECK_FALSE(again.coupon);

  std::string bad_check = with_luhn_digit("123456789012345");
  bad_check.back() = bad_check.back() == '0' ? '1' : '0';
  auto non_member = f.kiosk.on_scan(bad_check, f.now);
  CHECK(non_member.kind == ScanKind::non_member_card);
  CHECK(non_member.reason_code == "join_invitation");
  auto before_catalog = f.kiosk.on_scan("4006381333931", f.now);
  CHECK(before_catalog.kind == ScanKind::product);
  CHECK(before_catalog.reason_code == "product.unknown");
  CHECK_FALSE(before_catalog.product);
  REQUIRE(f.store.downlink().apply_catalog(
      R"([{"gtin":"4006381333931","product_code":"P1","name":"립밤","category":"화장품",
      "offline_price_krw":5000,"online_price_krw":5000,"app_link":"https://app/p1"}])"));
  CHECK(f.kiosk.product("https://id.gs1.org/01/04006381333931")->product_code == "P1");
  CHECK(f.kiosk.product("P1")->gtin == "4006381333931");
  // The entrance screen gets the product whichever form was scanned: EAN-13,
  // GS1 element string, Digital Link, or the retailer's product page.
  for (const char* scanned :
       {"4006381333931", "(01)04006381333931", "]C10104006381333931", "https://id.gs1.org/01/04006381333931",
        "https://www.lotteon.com/p/product/P1"}) {
    CAPTURE(scanned);
    auto scan = f.kiosk.on_scan(scanned, f.now);
    CHECK(scan.kind == ScanKind::product);
    CHECK(scan.reason_code == "product.found");
    REQUIRE(scan.product);
    CHECK(scan.product->name == "립밤");
    CHECK(scan.product->gtin14 == "04006381333931");
    CHECK(scan.product->product_code == "P1");
    CHECK(scan.product->offline_price_krw == 5000);
    CHECK(scan.product->online_price_krw == 5000);
    CHECK(scan.product->app_link == "https://app/p1");
    CHECK_FALSE(scan.coupon);
  }
  CHECK(f.kiosk.on_scan("hello", f.now).kind == ScanKind::unknown);
}

TEST_CASE("redeem: single use, wrong store, tampered, throttled") {
  Fixture f;
  const std::string number = with_luhn_digit("123456789012345");
  REQUIRE(f.store.profiles().load({profile_for(number, "butterfly")}));
  auto out = f.kiosk.on_scan(number, f.now);
  REQUIRE(out.coupon);
  CHECK(out.coupon->expires_at - f.now <= std::chrono::hours(48));

  auto ok = f.kiosk.redeem(out.coupon->code, "till-1", f.now + std::chrono::minutes(1));
  CHECK(ok.accepted);
  CHECK(ok.reason_code == "ok");
  REQUIRE(ok.coupon);
  CHECK(ok.coupon->status == "redeemed");
  auto twice = f.kiosk.redeem(out.coupon->code, "till-1", f.now + std::chrono::minutes(2));
  CHECK_FALSE(twice.accepted);
  CHECK(twice.reason_code == "already_redeemed");

  auto late = f.kiosk.on_scan(number, f.now + std::chrono::hours(1));
  REQUIRE(late.coupon);
  std::string tampered = late.coupon->code;
  tampered[10] = tampered[10] == 'A' ? 'B' : 'A';
  const auto then = f.now + std::chrono::hours(1);  // the clock as the last scan saw it
  for (int i = 0; i < 6; ++i) (void)f.kiosk.redeem(tampered, "till-9", then);
  auto throttled = f.kiosk.redeem(late.coupon->code, "till-9", then);
  CHECK(throttled.reason_code == "throttled");

  auto fresh = f.kiosk.on_scan(number, f.now + std::chrono::hours(25));
  REQUIRE(fresh.coupon);
  auto expired = f.kiosk.redeem(fresh.coupon->code, "till-2", f.now + std::chrono::hours(24 * 30));
  CHECK(expired.reason_code == "expired");
  CHECK(f.kiosk.redeem(late.coupon->code, "till-3", f.now + std::chrono::hours(1)).reason_code ==
        "clock_behind");
  CHECK(f.kiosk.metrics_text().find("smartstore_coupons_redeemed_total 1") != std::string::npos);
}

TEST_CASE("staff notes: field errors, idempotent replay, local preference update") {
  Fixture f;
  const std::string number = with_luhn_digit("123456789012345");
  REQUIRE(f.store.profiles().load({profile_for(number, "star")}));

  StaffNote bad;
  bad.items = {{"", "", 0, 200'000'000, true}};
  bad.deliberation_min = 700;
  bad.remarks = std::string(501, 'x');
  bad.survey = SignupSurvey{"여성의류", "price", "fax"};
  auto rejected = f.kiosk.record_note(number, bad, "staff-1", "k1", f.now);
  REQUIRE_FALSE(rejected);
  CHECK(rejected.error().kind() == ErrorKind::invalid_input);
  std::vector<std::string> fields;
  for (const auto& e : rejected.error().fields()) fields.push_back(e.field);
  CHECK(fields == std::vector<std::string>{"items[0].quantity", "items[0].price_krw", "items[0].category",
                                           "deliberation_min", "remarks", "survey.preferred_channel"});
  CHECK(f.kiosk.record_note("12", StaffNote{}, "s", "k", f.now).error().fields().front().field == "member");

  StaffNote note;
  note.items = {{"", "남성의류", 5, 59'000, true}, {"", "여성의류", 1, 89'000, false}};
  note.remarks = std::string(500, 'x');
  auto first = f.kiosk.record_note(number, note, "staff-1", "key-1", f.now);
  REQUIRE(first);
  CHECK_FALSE(first->replayed);
  auto replay = f.kiosk.record_note(number, note, "staff-1", "key-1", f.now + std::chrono::minutes(1));
  REQUIRE(replay);
  CHECK(replay->replayed);
  CHECK(replay->stored.event_id == first->stored.event_id);
  CHECK(f.store.outbox().depth() == 1);

  // Counts 4 and 1 became 4 and 6: men's clothing is now the top preference.
  auto view = f.kiosk.customer(number, f.now);
  REQUIRE(view);
  REQUIRE(view->profile.preferences.size() == 2);
  CHECK(view->profile.preferences[0].category == "남성의류");
  CHECK(view->profile.preferences[0].count == 6);
  CHECK(view->profile.preferences[0].index == doctest::Approx(100));
  CHECK(view->recent_notes.size() == 1);
  CHECK_FALSE(view->strategy.empty());
}

TEST_CASE("a full outbox refuses coupons and notes, and resumes on acknowledgement") {
  TempDir dir;
  store::KioskStore s(dir / "kiosk.db", store::StoreOptions{"S001", 2, 30, false});
  kiosk::KioskOptions o;
  o.store_id = "S001";
  o.deployment_key = kDeploymentKey;
  o.policy.daily_cap_per_customer = 10;
  kiosk::Kiosk k(s, o);
  const auto now = Clock::time_point(std::chrono::seconds(1'717'200'000));
  REQUIRE(s.keys().add(1, kCouponKey, now));
  REQUIRE(s.profiles().load({profile_for(with_luhn_digit("123456789012345"), "star")}));
  CHECK(k.on_scan(with_luhn_digit("123456789012345"), now).coupon);
  CHECK(k.on_scan(with_luhn_digit("123456789012345"), now).coupon);
  auto refused = k.on_scan(with_luhn_digit("123456789012345"), now);
  CHECK_FALSE(refused.coupon);
  REQUIRE(refused.error);
  CHECK(refused.error->kind() == ErrorKind::outbox_full);
  CHECK(refused.reason_code == "refused.outbox_full");
  CHECK(refused.error->message().find("outbox full") != std::string::npos);
  StaffNote note;
  note.remarks = "looked at shoes";
  auto note_refused = k.record_note(with_luhn_digit("123456789012345"), note, "s", "n1", now);
  REQUIRE_FALSE(note_refused);
  CHECK(note_refused.error().kind() == ErrorKind::outbox_full);
  CHECK(k.metrics_text().find("smartstore_outbox_refused_total 2") != std::string::npos);

  auto events = s.outbox().next_unsent(10);
  REQUIRE(events.size() == 2);
  CHECK(s.outbox().mark_sent({events[0].event_id}));
  CHECK(s.outbox().next_unsent(10).size() == 1);
  CHECK(s.outbox().mark_acknowledged({events[0].event_id}));
  CHECK(s.outbox().depth() == 1);
  CHECK(k.on_scan(with_luhn_digit("123456789012345"), now).coupon);
  // Acknowledged rows go after the retention period; unacknowledged never.
  CHECK(s.outbox().prune(Clock::now()) == 0);
  CHECK(s.outbox().prune(Clock::now() + std::chrono::hours(24 * 31)) == 1);
  CHECK(s.outbox().depth() == 2);
}

TEST_CASE("companion coupons count under one metrics label, however many rules HQ sends") {
  Fixture f;
  const std::string number = with_luhn_digit("123456789012345");
  models::CustomerProfile p = profile_for(number, "");
  p.companion_products = {"P\"0177"};
  p.companion_if = {"P0101+P0102"};
  p.companion_lift = {3.21};
  REQUIRE(f.store.profiles().load({p}));

  ScanOutcome out = f.kiosk.on_scan(number, f.now);
  REQUIRE(out.coupon);
  REQUIRE(out.reason_code.starts_with("companion."));
  std::string metrics = f.kiosk.metrics_text();
  CHECK(metrics.find("smartstore_coupons_issued_total{reason=\"companion\"} 1") != std::string::npos);
  CHECK(metrics.find("smartstore_scan_outcomes_total{reason=\"companion\"} 1") != std::string::npos);
  CHECK(metrics.find("P0101") == std::string::npos);
}
