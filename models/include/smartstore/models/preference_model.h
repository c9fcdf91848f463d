#pragma once
// Building the preference model of report 000 from all customers' purchases:
// P(age band | category) and P(gender | category) over purchase lines, and
// each customer's per-category purchase counts. The index itself is
// preference_indices() in profile.h.
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "smartstore/models/lpoint_csv.h"
#include "smartstore/models/profile.h"

namespace smartstore::models {

// One customer's purchases in one category.
struct CategoryObservation {
  std::string_view category;
  std::string_view age_band;  // "" = unknown: not counted in P(age|c)
  std::string_view gender;    // "" = unknown: not counted in P(gender|c)
  std::int64_t count = 0;
};

[[nodiscard]] PreferenceModel build_preference_model(std::span<const CategoryObservation> observations);

// Per customer of `purchases.customers` (same index): purchase lines per
// category (clac_hlv_nm via the product list; products not listed count
// under "").
[[nodiscard]] std::vector<std::map<std::string, std::int64_t>> category_counts_by_customer(
    const PurchaseTable& purchases, const std::vector<Product>& products);

// The whole step: model from customers + purchases + products. Customers
// absent from the customer file count with unknown age and gender.
[[nodiscard]] PreferenceModel build_preference_model(const std::vector<Customer>& customers,
                                                     const PurchaseTable& purchases,
                                                     const std::vector<Product>& products);

// The report's normalisation on raw posteriors (worked example): ln, shift so
// the minimum is 5, scale so the maximum is 100. Same order as the input.
[[nodiscard]] std::vector<double> preference_index_from_posteriors(std::span<const double> posteriors);
// The same from logs (the report rounded them to 2 decimals: 71.53).
[[nodiscard]] std::vector<double> preference_index_from_logs(std::span<const double> logs);

}  // namespace smartstore::models
