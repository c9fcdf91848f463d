#pragma once
// Value tiers of report 000 (RFM scoring): star / butterfly / chicken_rib /
// excluded with their point rates 0.8 / 0.5 / 0.3 / 0.1 %.
#include <cstdint>
#include <string_view>

namespace smartstore::models {

enum class ValueTier { star, butterfly, chicken_rib, excluded };
[[nodiscard]] std::string_view to_string(ValueTier tier);  // "star", "butterfly", "chicken_rib", "excluded"

// Defaults as seeds.md; the report's window was Apr–Sep, generalized as
// "last 2 months / 2–4 months / older".
struct ValueTierThresholds {
  int recent_days = 60;                // recency 3: last purchase <= this many days before the reference day
  int mid_days = 120;                  // recency 2: <= this; else 1
  double frequent_interval_days = 15;  // frequency 3: mean repurchase interval <= this; 2: above; 1: one day only
  std::int64_t high_total_krw = 1'000'000;  // monetary 3
  std::int64_t mid_total_krw = 100'000;     // monetary 2; else 1
  int high_engagement_above = 4;  // recency + frequency > this is high engagement
  int high_spend_min_score = 2;   // monetary score >= this is high spend (the report leaves it open)
};

struct PointRates {
  double star = 0.008, butterfly = 0.005, chicken_rib = 0.003, excluded = 0.001;
};

// A customer's purchase history reduced to what the tiers need.
struct CustomerActivity {
  std::int32_t first_day = 0;      // days since epoch
  std::int32_t last_day = 0;
  std::int64_t purchase_days = 0;  // distinct purchase dates
  std::int64_t total_krw = 0;      // Σ amount (× qty when amounts are unit prices)
};

struct ValueTierScore {
  int recency = 1, frequency = 1, monetary = 1;
  double mean_interval_days = 0;  // MEAN_DAY; 0 with a single purchase date
  ValueTier tier = ValueTier::excluded;
  double point_rate = 0;
};

[[nodiscard]] ValueTierScore value_tier(const CustomerActivity& activity, std::int32_t reference_day,
                                        const ValueTierThresholds& thresholds = {}, const PointRates& rates = {});
[[nodiscard]] double point_rate(ValueTier tier, const PointRates& rates = {});

}  // namespace smartstore::models
