#include "smartstore/models/value_tier.h"

namespace smartstore::models {

std::string_view to_string(ValueTier tier) {
  switch (tier) {
    case ValueTier::star: return "star";
    case ValueTier::butterfly: return "butterfly";
    case ValueTier::chicken_rib: return "chicken_rib";
    case ValueTier::excluded: return "excluded";
  }
  return "excluded";
}

double point_rate(ValueTier tier, const PointRates& rates) {
  switch (tier) {
    case ValueTier::star: return rates.star;
    case ValueTier::butterfly: return rates.butterfly;
    case ValueTier::chicken_rib: return rates.chicken_rib;
    case ValueTier::excluded: return rates.excluded;
  }
  return rates.excluded;
}

ValueTierScore value_tier(const CustomerActivity& a, std::int32_t reference_day, const ValueTierThresholds& t,
                          const PointRates& rates) {
  ValueTierScore s;
  const int since_last = reference_day - a.last_day;
  s.recency = since_last <= t.recent_days ? 3 : since_last <= t.mid_days ? 2 : 1;
  if (a.purchase_days <= 1) {
    s.frequency = 1;
  } else {
    // MEAN_DAY = (max date − min date) / (number of purchase dates − 1).
    s.mean_interval_days = static_cast<double>(a.last_day - a.first_day) / static_cast<double>(a.purchase_days - 1);
    s.frequency = s.mean_interval_days <= t.frequent_interval_days ? 3 : 2;
  }
  s.monetary = a.total_krw >= t.high_total_krw ? 3 : a.total_krw >= t.mid_total_krw ? 2 : 1;
  const bool engaged = s.recency + s.frequency > t.high_engagement_above;
  const bool high_spend = s.monetary >= t.high_spend_min_score;
  s.tier = engaged ? (high_spend ? ValueTier::star : ValueTier::chicken_rib)
                   : (high_spend ? ValueTier::butterfly : ValueTier::excluded);
  s.point_rate = point_rate(s.tier, rates);
  return s;
}

}  // namespace smartstore::models
