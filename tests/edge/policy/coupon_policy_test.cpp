// The coupon policy rule by rule, then as a whole on the reports' cases.
#include <doctest/doctest.h>

#include "smartstore/edge/policy/coupon_policy.h"

using namespace smartstore;
using namespace smartstore::edge;
using namespace smartstore::edge::policy;

namespace {
models::CustomerProfile base(const std::string& tier) {
  models::CustomerProfile p;
  p.member_key = std::string(64, 'a');
  p.tier = tier;
  p.preferences = {{"화장품", 100, 9}, {"여성의류", 60, 3}};
  return p;
}

Decision run(const models::CustomerProfile* p, CustomerHistory h = {},
             const std::vector<Campaign>* campaigns = nullptr,
             const std::map<std::string, std::int64_t>* used = nullptr, PolicySection cfg = {}) {
  PolicyInput in;
  in.profile = p;
  in.history = std::move(h);
  in.today = "2024-06-01";
  in.campaigns = campaigns;
  in.campaign_used = used;
  return decide(in, cfg);
}

std::string offer_of(const Decision& d) {
  return d.offer ? d.offer->id : "-";
}
}  // namespace

TEST_CASE("value tiers (report 000)") {
  auto star = base("star");
  auto d = run(&star);
  CHECK(d.reason_code == "tier.star");
  CHECK(d.offer->point_rate_pct == doctest::Approx(0.8));

  auto butterfly = base("butterfly");
  d = run(&butterfly);
  CHECK(d.reason_code == "tier.butterfly");
  CHECK(d.validity == std::chrono::hours(48));

  auto rib = base("chicken_rib");
  rib.total_spend_krw = 730'000;
  d = run(&rib);
  CHECK(d.reason_code == "tier.chicken_rib");
  CHECK(d.offer->threshold_krw == 270'000);  // 1,000,000 - 730,000
  CHECK(d.reason.find("270000") != std::string::npos);

  auto excluded = base("excluded");
  CHECK(run(&excluded).reason_code == "tier.excluded.first_visit");
  CustomerHistory seen;
  seen.ever_issued = true;
  d = run(&excluded, seen);
  CHECK_FALSE(d.offer);
  CHECK(d.reason_code == "tier.excluded");
}

TEST_CASE("behaviour types (report 000)") {
  auto p = base("");
  p.behaviour_type = "meticulous";
  auto d = run(&p);
  CHECK(d.reason_code == "behaviour.meticulous");
  CHECK(d.category == "화장품");

  p.behaviour_type = "mania";
  p.companion_products = {"lip_balm_01"};
  p.last_purchase_date = "2024-05-20";  // 12 days: not used up yet
  CHECK(run(&p).reason_code == "no_rule");
  p.last_purchase_date = "2024-04-15";  // 47 days
  d = run(&p);
  CHECK(d.reason_code == "behaviour.mania");
  CHECK(d.reason.find("lip_balm_01") != std::string::npos);

  p.behaviour_type = "easygoing";
  CHECK(offer_of(run(&p)) == "easygoing_multi_buy");
}

TEST_CASE("purchase cycle, expected spend, segment and grade (reports 001, 003, 004)") {
  auto p = base("");
  p.next_purchase_date = "2024-05-30";
  auto d = run(&p);
  CHECK(d.reason_code == "cycle.due");
  CHECK(d.reason.find("Looking for 화장품? 10% off today") != std::string::npos);
  p.next_purchase_date = "2024-06-05";  // not yet due
  CHECK(run(&p).reason_code == "no_rule");

  p.expected_spend_krw = 45'000;
  d = run(&p);
  CHECK(d.reason_code == "spend.expected");
  CHECK(d.offer->threshold_krw == 45'000);
  p.expected_spend_krw = 0;

  const std::pair<const char*, const char*> segments[] = {{"At Risk", "segment.at_risk"},
                                                          {"Bronze", "segment.bronze"},
                                                          {"Silver", "segment.silver"},
                                                          {"Gold", "segment.gold"},
                                                          {"VIP", "segment.vip"}};
  for (auto [segment, code] : segments) {
    p.segment = segment;
    CHECK(run(&p).reason_code == code);
  }
  p.segment = "";
  p.grade = "VIP";
  CHECK(run(&p).reason_code == "grade.vip");
  p.grade = "G2";
  p.recommended_categories = {"스포츠패션"};
  d = run(&p);
  CHECK(d.reason_code == "grade.recommend");
  CHECK(d.category == "스포츠패션");
}

TEST_CASE("demand-dip campaign targets top-preference customers, within dates and budget") {
  auto parsed =
      parse_campaigns(R"([{"id":"dip-cosm","offer_number":1001,"kind":"demand_dip","category":"화장품",
    "starts":"2024-06-01","ends":"2024-06-02","budget":2,"discount_pct":20,"title":"화장품 20%"}])");
  REQUIRE(parsed.has_value());
  auto fan = base("star");
  auto d = run(&fan, {}, &*parsed);
  CHECK(d.reason_code == "campaign.demand_dip");
  CHECK(d.campaign_id == "dip-cosm");
  CHECK(d.offer->number == 1001);

  auto other = base("star");
  other.preferences = {{"남성의류", 100, 5}, {"화장품", 50, 1}};
  CHECK(run(&other, {}, &*parsed).reason_code == "tier.star");  // cosmetics not rank 1

  std::map<std::string, std::int64_t> spent = {{"dip-cosm", 2}};
  CHECK(run(&fan, {}, &*parsed, &spent).reason_code == "tier.star");  // budget used up

  CHECK_FALSE(parse_campaigns(R"([{"id":"x","offer_number":5,"starts":"a","ends":"b"}])").has_value());
  auto no_category =
      parse_campaigns(R"([{"id":"x","offer_number":1005,"kind":"demand_dip","starts":"a","ends":"b"}])");
  REQUIRE_FALSE(no_category.has_value());
  CHECK(no_category.error().kind() == smartstore::ErrorKind::invalid_input);
  CHECK(no_category.error().message() == "campaigns[0].category: required for demand_dip");
}

TEST_CASE("gates: unknown member, consent, daily cap, duplicates") {
  auto d = run(nullptr);
  CHECK(d.reason_code == "welcome.default");
  PolicySection no_welcome;
  no_welcome.welcome_offer = false;
  CHECK(run(nullptr, {}, nullptr, nullptr, no_welcome).reason_code == "unknown_member");

  auto star = base("star");
  star.consent_marketing = false;
  CHECK(run(&star).reason_code == "consent.none");
  star.consent_marketing = true;
  // Withdrawn chain-wide: no coupon, the welcome offer of a member this store
  // has no profile for included.
  const models::CustomerProfile* withdrawn_members[] = {&star, nullptr};
  for (const models::CustomerProfile* p : withdrawn_members) {
    PolicyInput in;
    in.profile = p;
    in.today = "2024-06-01";
    in.consent_withdrawn = true;
    const Decision withdrawn = decide(in, {});
    CHECK(withdrawn.reason_code == "consent.withdrawn");
    CHECK_FALSE(withdrawn.offer.has_value());
  }

  CustomerHistory capped;
  capped.issued_today = 2;
  CHECK(run(&star, capped).reason_code == "cap.daily");

  CustomerHistory holds;
  holds.valid_offers = {"star_thank_you"};
  CHECK(run(&star, holds).reason_code == "duplicate.valid");  // nothing else applies to this bare profile
  star.behaviour_type = "easygoing";
  CHECK(run(&star, holds).reason_code == "behaviour.easygoing");
  holds.valid_offers.push_back("easygoing_multi_buy");
  CHECK(run(&star, holds).reason_code == "duplicate.valid");
}

TEST_CASE("whole policy on the reports' customers is deterministic") {
  // A 20s woman, star tier, meticulous, VIP segment, due today (report 000 + 001).
  auto vip = base("star");
  vip.behaviour_type = "meticulous";
  vip.segment = "VIP";
  vip.grade = "VIP";
  vip.next_purchase_date = "2024-06-01";
  std::vector<std::string> sequence;
  CustomerHistory h;
  for (int i = 0; i < 6; ++i) {
    auto d = run(&vip, h);
    sequence.push_back(d.reason_code);
    if (d.offer) h.valid_offers.push_back(d.offer->id);
  }
  CHECK(sequence == std::vector<std::string>{"cycle.due", "tier.star", "behaviour.meticulous", "segment.vip",
                                             "grade.vip", "duplicate.valid"});
  CHECK(strategy_text(vip).find("Meticulous") == 0);
  CHECK(days_between("2024-02-28", "2024-03-01") == 2);
}

TEST_CASE("companion_rule_offers_the_best_lift_companion_of_the_recent_basket_within_caps") {
  // The batch wrote: the member recently bought P0101 and P0102 together, and
  // {P0101,P0102} => P0177 has lift 3.214; P0101 => P0200 lift 1.9 (next best).
  auto p = base("star");
  p.companion_products = {"P0177", "P0200"};
  p.companion_if = {"P0101+P0102", "P0101"};
  p.companion_lift = {3.214, 1.9};
  auto d = run(&p);
  CHECK(d.reason_code == "companion.P0101+P0102=>P0177");
  CHECK(offer_of(d) == "companion");
  CHECK(d.reason.find("lift 3.21") != std::string::npos);
  CHECK(d.reason.find("P0177") != std::string::npos);

  // Within the same caps: the daily cap stops it, and a companion coupon
  // still held gives way to the next rule in line.
  CustomerHistory capped;
  capped.issued_today = 2;
  CHECK(run(&p, capped).reason_code == "cap.daily");
  CustomerHistory holds;
  holds.valid_offers = {"companion"};
  CHECK(run(&p, holds).reason_code == "tier.star");

  // No rule from the recent basket (or an older snapshot with products only,
  // or a rule that does not lift): the rule does not fire.
  auto bare = base("star");
  CHECK(run(&bare).reason_code == "tier.star");
  bare.companion_products = {"P0177"};  // no antecedent or lift
  CHECK(run(&bare).reason_code == "tier.star");
  bare.companion_if = {"P0101"};
  bare.companion_lift = {0.8};
  CHECK(run(&bare).reason_code == "tier.star");
}

TEST_CASE("survey_new_member_with_an_answer_gets_a_welcome_offer_in_that_category") {
  models::CustomerProfile p;  // in HQ's snapshot, no purchases yet
  p.member_key = std::string(64, 'b');
  p.tier = "excluded";
  p.cluster = 1;
  p.cluster_predicted = true;
  p.cluster_category = "과자";
  p.survey_favourite = "가구";
  p.preferences = {{"가구", 100, 0}, {"과자", 80, 0}};
  auto d = run(&p);
  CHECK(d.reason_code == "welcome.survey");
  CHECK(offer_of(d) == "welcome_category");
  CHECK(d.category == "가구");
  CHECK(d.reason.find("가구") != std::string::npos);

  // Not a first visit any more: the tier's offer as before.
  CustomerHistory seen;
  seen.ever_issued = true;
  CHECK(run(&p, seen).reason_code == "tier.excluded");
}

TEST_CASE("classifier_predicted_segment_chooses_the_welcome_category_without_a_survey_answer") {
  models::CustomerProfile p;
  p.member_key = std::string(64, 'c');
  p.tier = "excluded";
  p.cluster = 0;
  p.cluster_predicted = true;
  p.cluster_category = "과자";
  auto d = run(&p);
  CHECK(d.reason_code == "welcome.segment");
  CHECK(d.category == "과자");
  CHECK(d.reason.find("cluster 0") != std::string::npos);

  // Nothing known beyond the tier: the generic first-visit gift, as before.
  p.cluster_predicted = false;
  p.cluster_category.clear();
  CHECK(run(&p).reason_code == "tier.excluded.first_visit");
  // A member who has bought is not welcomed again.
  p.cluster_predicted = true;
  p.cluster_category = "과자";
  p.purchase_days = 3;
  CHECK(run(&p).reason_code == "tier.excluded.first_visit");
}
