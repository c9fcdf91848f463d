#pragma once
// Offers a coupon can carry. The built-in table holds one offer per policy
// rule; HQ campaigns add their own with numbers from 1000 up. The number is
// what a coupon code carries (coupon_code.h), the id what people read.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "smartstore/common/result.h"

namespace smartstore::edge::policy {

struct Offer {
  std::uint16_t number = 0;
  std::string id;     // e.g. "star_thank_you"
  std::string title;  // Korean / English
  double point_rate_pct = 0;
  std::int64_t threshold_krw = 0;
  std::int64_t discount_krw = 0;
  unsigned discount_pct = 0;
};

inline constexpr std::uint16_t kFirstCampaignOffer = 1000;

[[nodiscard]] const std::vector<Offer>& builtin_offers();
[[nodiscard]] const Offer* builtin_offer(std::string_view id);
[[nodiscard]] const Offer* builtin_offer(std::uint16_t number);

// A campaign from HQ (campaigns JSON, see docs/edge-storage.md).
struct Campaign {
  std::string id;
  Offer offer;                                       // offer.number >= 1000
  std::string kind = "general";                      // general | demand_dip
  std::string category;                              // demand_dip: the category whose demand dips
  std::string starts;                                // YYYY-MM-DD inclusive
  std::string ends;                                  // YYYY-MM-DD inclusive
  std::int64_t budget = 0;                           // coupons in total; 0: unlimited
  // Members held out of the campaign as its control group, basis points
  // (common/holdout.h; 1000 = 10 %); 0: none.
  std::uint32_t control_bp = 0;
  std::vector<std::string> tiers, segments, grades;  // eligibility; empty: any
  int top_preference_rank = 1;                       // demand_dip: category within the customer's top N
  std::chrono::hours validity{24};
};

// Fails with invalid_input naming the campaign and field.
[[nodiscard]] Result<std::vector<Campaign>> parse_campaigns(const std::string& json);

}  // namespace smartstore::edge::policy
