#pragma once
// The predictive part of a customer's snapshot record: companion
// products from association rules over the batch's baskets, categories to
// recommend, the next purchase date from the purchase-cycle model and the
// expected spend of the next visit. One pass over the batch's purchase rows,
// columnar results (a million customers cost a few bytes each), and the
// per-category demand outlook with its dip days for the HQ report.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "smartstore/models/association_rules.h"
#include "smartstore/models/expected_spend.h"
#include "smartstore/models/lpoint_csv.h"
#include "smartstore/models/profile.h"
#include "smartstore/models/purchase_cycle.h"
#include "smartstore/models/weather.h"

namespace smartstore::models {

struct ProfilePredictions;
// Per product (PredictionInputs::product_codes): the 5th and 95th percentile
// of its lines' log unit price, where outlying prices are clipped.
using PriceBounds = std::vector<std::pair<double, double>>;

struct PredictionInputs {
  std::span<const Purchase> purchases;  // Purchase::customer < customers
  std::size_t customers = 0;
  std::span<const std::int32_t> product_category;  // Purchase::product -> category id, -1 unlisted
  std::span<const std::string> product_codes;      // Purchase::product -> pd_c
  std::span<const std::string> categories;         // category id -> clac_hlv_nm
  Day as_of = 0;                                   // the batch's reference day
  // Holidays and weather for the demand outlook (past days and the forecast
  // horizon); null: the forecast sees past demand and weekdays only.
  const DemandConditions* conditions = nullptr;
  // The predictions of a larger set of customers (a sharded batch's fit
  // pass): these customers are then predicted with its rules, price bounds,
  // cycle and spend models and category popularity, and its companion check
  // and outlook are taken over, so each gets what the larger set gives them.
  const ProfilePredictions* global = nullptr;
};

// How a customer's companion rules are ranked: report 001's lift, or
// confidence (P(companion | antecedent)), which docs/models-evaluation.md
// measures against lift and popularity.
enum class CompanionRanking { lift, confidence };

struct PredictionOptions {
  // Companions (report 001: top 5 by lift) of the products a customer bought
  // on their last `companion_visits` visit days, from rules with lift > 1
  // whose consequent they have never bought.
  std::size_t companions = 5;
  std::size_t companion_visits = 3;
  CompanionRanking companion_ranking = CompanionRanking::lift;
  // The companion check: on up to `companion_check_customers` customers, the
  // same rules mined before the last `companion_check_days` against the
  // most-bought products each customer lacks, scored on the products they
  // first buy in those days. Off: the rules drive coupons unchecked.
  bool check_companions = true;
  std::size_t companion_check_days = 28;
  std::size_t companion_check_customers = 50000;
  std::size_t recommended_categories = 3;  // unbought categories kept per customer
  // Baskets are a customer's products on one date; item = product (pd_c).
  // On the 1M-customer demo set (~7.6M baskets of 1-6 lines, ~700 products)
  // a product pair within a favourite category is in ~200 baskets: 0.00002
  // (~150 baskets) keeps those and drops pairs seen a handful of times.
  double rule_min_support = 0.00002;
  // ...but never fewer baskets than this: on small batches the support above
  // is one or two baskets, and a pair seen once is not a rule.
  std::size_t rule_min_baskets = 5;
  double rule_min_confidence = 0.01;
  std::size_t rule_max_len = 3;
  std::size_t fit_sample = 20000;       // customers the cycle and spend regressions learn from
  std::size_t forecast_categories = 5;  // the best-selling categories get a demand outlook
  std::size_t forecast_horizon = 28;    // days
  std::size_t history_shown = 56;       // days of actual sales kept for the chart
  double dip_drop = 0.15;               // dip = forecast this far under the last 28 days' mean
  unsigned threads = 2;
};

// One category's daily sales (KRW) and its forecast after the as-of day.
struct CategoryOutlook {
  std::int32_t category = -1;
  Day first_history_day = 0;      // the day of history[0]
  std::vector<double> history;    // actual daily sales up to the as-of day
  std::vector<double> forecast;   // days as_of + 1 .. as_of + horizon
  std::vector<std::size_t> dips;  // indices into forecast
  double reference = 0;           // mean daily sales of the last 28 days
};

// What the companion check measured (hit rates: share of the customers
// scored whose first pick, or any of five, they bought). The rules drive the
// kiosk's companion coupon only when their first pick beats popularity's
// (the kiosk offers one); otherwise the baseline decides and no rule is sent.
struct CompanionCheck {
  bool ran = false;
  std::size_t customers = 0;  // scored: companions, a purchase before and a new product after
  double rules_hr1 = 0, popular_hr1 = 0, rules_hr5 = 0, popular_hr5 = 0;
  bool rules_win = false;
};

struct ProfilePredictions {
  static constexpr std::uint32_t kNoProduct = 0xffffffffU;
  static constexpr Day kNoDay = -0x7fffffff;
  std::size_t customers = 0;
  std::size_t companions_per_customer = 0, recommended_per_customer = 0;
  // customers × companions_per_customer: indices into companion_rules, kNoProduct pads
  std::vector<std::uint32_t> companions;
  std::vector<AssociationRule> companion_rules;  // by lift, descending
  CompanionCheck companion_check;
  std::vector<std::int32_t> recommended;               // customers × recommended_per_customer, -1 pads
  std::vector<Day> next_purchase;                      // kNoDay with fewer than two visit days
  std::vector<std::int64_t> expected_spend_krw;        // 0 without purchases
  std::vector<std::string> product_codes, categories;  // copies, so profiles can name them
  // What the customers were predicted with (PredictionInputs::global).
  PriceBounds price_bounds;  // per product_codes
  bool have_cycle = false, have_spend = false;
  PurchaseCycleModel cycle;
  ExpectedSpendModel spend;
  std::vector<std::size_t> popular;      // category ids, most buyers first
  std::vector<CategoryOutlook> outlook;  // best-selling categories first
  // What ran, for the report and the summary.
  std::size_t baskets = 0, rules = 0, frequent_itemsets = 0;
  std::string recommender;  // which model fills recommended (see docs/models-evaluation.md)
  std::vector<std::pair<std::string, double>> timings_s;
};

[[nodiscard]] ProfilePredictions predict_profiles(const PredictionInputs& inputs,
                                                  const PredictionOptions& options = {});

// The companion check alone (companion_check.cpp): predict_profiles on the
// sample's purchases before the window, scored on the window.
[[nodiscard]] CompanionCheck check_companions(const PredictionInputs& inputs,
                                              const PredictionOptions& options);

// Writes customer's companion_products (with each rule's antecedent and
// lift when the companion check did not reject the rules), recommended_categories,
// next_purchase_date and expected_spend_krw into `profile`.
void apply_predictions(const ProfilePredictions& predictions, std::uint32_t customer,
                       CustomerProfile& profile);

}  // namespace smartstore::models
