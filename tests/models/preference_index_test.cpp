// Preference index of report 000: the worked example and the model built from
// all customers' purchases.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "smartstore/models/preference_model.h"
#include "smartstore/models/profile.h"
#include "support/test_paths.h"

using namespace smartstore::models;

TEST_CASE("report 000 worked example: 71.56 and 100 (71.53 with rounded logs)") {
  // No smoothing, two categories: priors W 0.3, M 0.7.
  const double post_w = 0.3 * 0.4 * 0.2;  // P(20s|W) 0.4, P(male|W) 0.2
  const double post_m = 0.7 * 0.5 * 0.5;  // P(20s|M) 0.5, P(male|M) 0.5
  CHECK(post_w == doctest::Approx(0.024));
  CHECK(post_m == doctest::Approx(0.175));
  CHECK(std::log(post_w) == doctest::Approx(-3.7297).epsilon(1e-4));
  CHECK(std::log(post_m) == doctest::Approx(-1.7430).epsilon(1e-4));
  const auto idx = preference_index_from_posteriors(std::vector<double>{post_w, post_m});
  REQUIRE(idx.size() == 2);
  CHECK(std::round(idx[0] * 100) / 100 == doctest::Approx(71.56));
  CHECK(idx[1] == doctest::Approx(100));
  const auto rounded = preference_index_from_logs(std::vector<double>{-3.73, -1.74});
  CHECK(std::round(rounded[0] * 100) / 100 == doctest::Approx(71.53));
  CHECK(rounded[1] == doctest::Approx(100));
}

TEST_CASE("the model from observations: P(age|c) and P(gender|c) over purchase lines") {
  const std::vector<CategoryObservation> obs{
      {"W", "20s", "F", 6}, {"W", "20s", "M", 2}, {"W", "30s", "F", 12},  // W: 20 lines, 8 by 20s, 2 by men
      {"M", "20s", "M", 5}, {"M", "30s", "F", 5},                        // M: 10 lines
      {"K", "", "", 3},                                                   // unknown demographics
  };
  const PreferenceModel m = build_preference_model(obs);
  REQUIRE(m.categories.size() == 3);
  CHECK(m.p_age_given_category.at("W").at("20s") == doctest::Approx(0.4));
  CHECK(m.p_gender_given_category.at("W").at("M") == doctest::Approx(0.1));
  CHECK(m.p_age_given_category.at("M").at("20s") == doctest::Approx(0.5));
  CHECK(m.p_gender_given_category.at("M").at("M") == doctest::Approx(0.5));
  CHECK(m.p_age_given_category.count("K") == 0);

  // A 20s man with 3 purchases in W and 7 in M: (count + 1) prior.
  const auto ranked = preference_indices(m, {{"W", 3}, {"M", 7}}, "20s", "M");
  REQUIRE(ranked.size() == 3);
  CHECK(ranked.front().category == "M");
  CHECK(ranked.front().index == doctest::Approx(100));
  CHECK(ranked.front().count == 7);
  // Hand check: posteriors ∝ 4/13·0.4·0.1, 8/13·0.5·0.5, 1/13·1·1 (K has no likelihood rows).
  const auto expect = preference_index_from_posteriors(std::vector<double>{4.0 / 13 * 0.04, 8.0 / 13 * 0.25, 1.0 / 13});
  for (const auto& p : ranked) {
    const double e = p.category == "W" ? expect[0] : p.category == "M" ? expect[1] : expect[2];
    CHECK(p.index == doctest::Approx(e));
  }
}

TEST_CASE("customers without history still get a full ranking") {
  const std::vector<CategoryObservation> obs{{"W", "20s", "F", 9}, {"W", "40s", "F", 1}, {"M", "40s", "M", 10}};
  const PreferenceModel m = build_preference_model(obs);
  const auto woman = preference_indices(m, {}, "20s", "F");
  REQUIRE(woman.size() == 2);
  CHECK(woman.front().category == "W");
  const auto man = preference_indices(m, {}, "40s", "M");
  CHECK(man.front().category == "M");
  for (const auto& p : man) CHECK((p.index > 0 && p.index <= 100));
}

TEST_CASE("the model from the marketing-insights files") {
  using smartstore::testing::data_path;
  const auto sales = data_path("analytics/mi_online_sales.csv").string();
  const auto purchases = read_purchases(sales, mi_sales_purchase_options());
  const auto products = read_products(sales, mi_sales_product_options());
  const auto customers = read_customers(data_path("analytics/mi_customers.csv").string(), mi_customer_options());
  REQUIRE((purchases.ok() && products.ok() && customers.ok()));
  const PreferenceModel m = build_preference_model(customers.data, purchases.data, products.data);
  CHECK(m.categories.size() == 20);
  for (const auto& [c, row] : m.p_gender_given_category) {
    double sum = 0;
    for (const auto& [g, p] : row) sum += p;
    CHECK(sum == doctest::Approx(1.0));
  }
  const auto counts = category_counts_by_customer(purchases.data, products.data);
  REQUIRE(counts.size() == purchases.data.customers.size());
  std::int64_t lines = 0;
  for (const auto& c : counts)
    for (const auto& [k, n] : c) lines += n;
  CHECK(lines == static_cast<std::int64_t>(purchases.data.rows.size()));
  const auto ranked = preference_indices(m, counts[0], customers.data[0].age_band, customers.data[0].gender);
  REQUIRE(ranked.size() == m.categories.size());
  CHECK(ranked.front().index == doctest::Approx(100));
  CHECK(ranked.back().index > 0);
  CHECK(ranked.back().index < 100);
}
