#include <doctest/doctest.h>

#include "smartstore/models/expected_spend.h"

using namespace smartstore::models;

TEST_CASE("log prices are clipped to each product's 5th..95th percentile") {
  std::vector<std::string> products(21, "A");
  std::vector<double> prices(20, 10.0);
  prices.push_back(1000.0);  // a typo'd price: the 95th percentile of the logs is ln 10
  products.push_back("B");
  prices.push_back(50.0);
  const auto cleaned = clip_log_prices(products, prices);
  CHECK(cleaned[20] == doctest::Approx(10.0));
  CHECK(cleaned[0] == doctest::Approx(10.0));
  CHECK(cleaned[21] == doctest::Approx(50.0));  // a single price is its own percentiles
}

TEST_CASE("median baseline by hand") {
  CHECK(median_spend_baseline({{0, 10, 1}, {1, 30, 1}, {2, 20, 1}}) == doctest::Approx(20));
  CHECK(median_spend_baseline({{0, 10, 1}, {1, 20, 1}}) == doctest::Approx(15));
}

TEST_CASE("the model learns a spend pattern the median misses") {
  // Customers spend twice their usual amount on the next visit.
  std::vector<SpendExample> train;
  for (int c = 1; c <= 60; ++c) {
    const double usual = 10.0 * c;
    train.push_back({{{0, usual, 1}, {7, usual * 1.1, 2}, {14, usual * 0.9, 1}}, 20, 2 * usual});
  }
  const auto model = fit_expected_spend(train, 0.01);
  const VisitHistory customer = {{0, 250, 1}, {7, 275, 2}, {14, 225, 1}};
  const double predicted = model.predict(customer, 20);
  CHECK(predicted == doctest::Approx(500).epsilon(0.1));
  CHECK(std::abs(median_spend_baseline(customer) - 500) > std::abs(predicted - 500));
}
