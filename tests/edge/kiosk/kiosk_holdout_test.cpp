// Campaign hold-outs at the kiosk: a member drawn into a campaign's control
// group (common/holdout.h, the draw HQ recomputes) is journalled as held out
// and gets the next rule in line; the screens never say which group.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "edge/kiosk/kiosk_rig.h"
#include "smartstore/common/holdout.h"
#include "smartstore/models/member_key.h"
#include "support/member_numbers.h"

using namespace smartstore;
using namespace smartstore::edge;
using smartstore::testing::with_luhn_digit;

namespace {
const std::vector<unsigned char> kDeploymentKey(32, 7);
const std::vector<unsigned char> kCouponKey(32, 9);
const Clock::time_point kNow = Clock::time_point(std::chrono::seconds(1'717'200'000));  // 2024-06-01

std::string campaigns_json(int control_bp) {
  return R"([{"id":"summer","offer_id":"summer_10","offer_number":1001,"discount_pct":10,)"
         R"("starts":"2024-01-01","ends":"2024-12-31","control_bp":)" +
         std::to_string(control_bp) + "}]";
}

std::string number_of(int i) {
  std::string body = "87100000000" + std::to_string(1000 + i);
  return with_luhn_digit(body);
}

models::CustomerProfile star(const std::string& number) {
  return smartstore::testing::star_profile(kDeploymentKey, number);
}

struct Fixture : smartstore::testing::KioskRig {
  Fixture() : KioskRig(kDeploymentKey, kCouponKey, kNow) {}
};
}  // namespace

TEST_CASE("held-out members are journalled, get the next rule, and match HQ's draw") {
  Fixture f;
  constexpr int kMembers = 40;
  std::vector<models::CustomerProfile> profiles;
  for (int i = 0; i < kMembers; ++i) profiles.push_back(star(number_of(i)));
  REQUIRE(f.store.profiles().load(profiles));
  REQUIRE(f.store.downlink().apply_campaigns(campaigns_json(5000)));
  auto hq = HoldoutAssigner::create(derive_holdout_key(kDeploymentKey));
  REQUIRE(hq);

  int held = 0, treated = 0;
  for (int i = 0; i < kMembers; ++i) {
    const ScanOutcome out = f.kiosk.on_scan(number_of(i), kNow);
    REQUIRE(out.coupon);
    const auto group = hq->group(out.member_key, "summer", 5000);
    REQUIRE(group);
    // The screens show an offer either way, and nothing about the draw.
    CHECK(out.reason_code.find("hold") == std::string::npos);
    CHECK(out.message.find("held") == std::string::npos);
    const auto events = f.store.outbox().next_unsent(1000);
    REQUIRE_FALSE(events.empty());
    if (*group == HoldoutGroup::control) {
      ++held;
      CHECK(out.coupon->offer_id == "star_thank_you");  // the tier rule, next in line
      REQUIRE(events.size() >= 2);
      const auto& h = events[events.size() - 2];
      CHECK(h.type == "held_out");
      const auto payload = nlohmann::json::parse(h.payload_json);
      CHECK(payload["campaign_id"] == "summer");
      CHECK(payload["offer_id"] == "summer_10");
      CHECK(payload["member_key"] == out.member_key);
      CHECK(payload["reason_code"] == "campaign.general");
    } else {
      ++treated;
      CHECK(out.coupon->offer_id == "summer_10");
    }
    CHECK(events.back().type == "coupon_issued");
  }
  CHECK(held + treated == kMembers);
  CHECK(held >= 10);  // 50 % of 40: a split this lopsided is under 0.1 % likely
  CHECK(treated >= 10);
}

TEST_CASE("a campaign without a control share issues to everyone, and shares over 100 % are refused") {
  Fixture f;
  REQUIRE(f.store.profiles().load({star(number_of(1))}));
  REQUIRE(f.store.downlink().apply_campaigns(campaigns_json(0)));
  const ScanOutcome out = f.kiosk.on_scan(number_of(1), kNow);
  REQUIRE(out.coupon);
  CHECK(out.coupon->offer_id == "summer_10");
  for (const auto& e : f.store.outbox().next_unsent(100)) CHECK(e.type != "held_out");
  CHECK_FALSE(f.store.downlink().apply_campaigns(campaigns_json(10001)));
}
