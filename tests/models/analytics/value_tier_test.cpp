// Value tiers of report 000: recency/frequency/monetary scores, tiers and point rates.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <set>
#include <vector>

#include "smartstore/models/lpoint_csv.h"
#include "smartstore/models/value_tier.h"
#include "support/test_paths.h"

using namespace smartstore::models;

TEST_CASE("scores follow the digest's thresholds") {
  const std::int32_t ref = 1000;
  // Last purchase 30 days ago, 5 dates over 40 days (MEAN_DAY 10), 1.2M KRW.
  ValueTierScore s = value_tier({ref - 70, ref - 30, 5, 1'200'000}, ref);
  CHECK(s.recency == 3);
  CHECK(s.mean_interval_days == doctest::Approx(10));
  CHECK(s.frequency == 3);
  CHECK(s.monetary == 3);
  CHECK(s.tier == ValueTier::star);
  CHECK(s.point_rate == doctest::Approx(0.008));
  // Boundaries: exactly 60 days is still recent, 61 is 2; 120 is 2, 121 is 1.
  CHECK(value_tier({ref - 60, ref - 60, 1, 0}, ref).recency == 3);
  CHECK(value_tier({ref - 61, ref - 61, 1, 0}, ref).recency == 2);
  CHECK(value_tier({ref - 120, ref - 120, 1, 0}, ref).recency == 2);
  CHECK(value_tier({ref - 121, ref - 121, 1, 0}, ref).recency == 1);
  // MEAN_DAY exactly 15 is frequent; above is 2; one date is 1.
  CHECK(value_tier({ref - 30, ref, 3, 0}, ref).frequency == 3);
  CHECK(value_tier({ref - 32, ref, 3, 0}, ref).frequency == 2);
  CHECK(value_tier({ref, ref, 1, 0}, ref).frequency == 1);
  CHECK(value_tier({ref, ref, 1, 999'999}, ref).monetary == 2);
  CHECK(value_tier({ref, ref, 1, 100'000}, ref).monetary == 2);
  CHECK(value_tier({ref, ref, 1, 99'999}, ref).monetary == 1);
}

TEST_CASE("tiers: engagement (R + F > 4) × spend (monetary >= 2)") {
  const std::int32_t ref = 1000;
  // R3 + F2 = 5 engaged, low spend: chicken-rib.
  CHECK(value_tier({ref - 100, ref - 10, 3, 50'000}, ref).tier == ValueTier::chicken_rib);
  // One-off 200 days ago, 500k: R1 + F1 = 2, high spend: butterfly 0.5 %.
  const ValueTierScore b = value_tier({ref - 200, ref - 200, 1, 500'000}, ref);
  CHECK(b.tier == ValueTier::butterfly);
  CHECK(b.point_rate == doctest::Approx(0.005));
  // R3 + F1 = 4 is not engaged; low spend: excluded 0.1 %.
  const ValueTierScore e = value_tier({ref - 5, ref - 5, 1, 20'000}, ref);
  CHECK(e.tier == ValueTier::excluded);
  CHECK(e.point_rate == doctest::Approx(0.001));
  CHECK(point_rate(ValueTier::chicken_rib) == doctest::Approx(0.003));
  CHECK(to_string(ValueTier::chicken_rib) == "chicken_rib");
}

TEST_CASE("thresholds and rates are configurable") {
  ValueTierThresholds t;
  t.high_spend_min_score = 3;
  t.recent_days = 10;
  const std::int32_t ref = 1000;
  const ValueTierScore s = value_tier({ref - 70, ref - 30, 5, 500'000}, ref, t, PointRates{0.02, 0.01, 0.005, 0});
  CHECK(s.recency == 2);
  CHECK(s.tier == ValueTier::chicken_rib);  // R2 + F3 = 5 engaged, monetary 2 < 3
  CHECK(s.point_rate == doctest::Approx(0.005));
}

TEST_CASE("tiers over the marketing-insights customers sum to the customers") {
  using smartstore::testing::data_path;
  const auto sales = read_purchases(data_path("analytics/mi_online_sales.csv").string(), mi_sales_purchase_options());
  REQUIRE(sales.ok());
  const std::size_t n = sales.data.customers.size();
  std::vector<std::set<std::int32_t>> days(n);
  std::vector<CustomerActivity> activity(n, CustomerActivity{1 << 30, -(1 << 30), 0, 0});
  std::int32_t reference = 0;
  for (const Purchase& p : sales.data.rows) {
    auto& a = activity[p.customer];
    a.first_day = std::min(a.first_day, p.day);
    a.last_day = std::max(a.last_day, p.day);
    a.total_krw += p.amount_krw;
    days[p.customer].insert(p.day);
    reference = std::max(reference, p.day);
  }
  std::map<ValueTier, std::size_t> count;
  for (std::size_t i = 0; i < n; ++i) {
    activity[i].purchase_days = static_cast<std::int64_t>(days[i].size());
    const ValueTierScore s = value_tier(activity[i], reference);
    CHECK((s.recency >= 1 && s.recency <= 3 && s.frequency >= 1 && s.frequency <= 3));
    ++count[s.tier];
  }
  std::size_t total = 0;
  for (const auto& [tier, c] : count) total += c;
  CHECK(total == n);
  CHECK(count.size() == 4);  // a year of sales in USD×1,166: every tier occurs
}
