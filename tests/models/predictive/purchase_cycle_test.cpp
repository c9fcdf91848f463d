#include <doctest/doctest.h>

#include "smartstore/models/purchase_cycle.h"
#include "smartstore/models/ridge_regression.h"

using namespace smartstore::models;

TEST_CASE("ridge recovers a line and shrinks with a large penalty") {
  std::vector<std::vector<double>> x;
  std::vector<double> y;
  for (int i = 0; i < 20; ++i) {
    x.push_back({static_cast<double>(i)});
    y.push_back(2.0 * i + 1.0);
  }
  const auto m = fit_ridge(x, y, 1e-9);
  CHECK(m.predict({30}) == doctest::Approx(61.0));
  const auto shrunk = fit_ridge(x, y, 1e9);
  CHECK(shrunk.predict({30}) == doctest::Approx(20.0).epsilon(1e-3));  // the mean of y
}

TEST_CASE("purchase-cycle features and the mean-interval baseline by hand") {
  const VisitHistory past = {{0, 10, 1}, {10, 20, 2}, {30, 30, 1}};
  const auto f = purchase_cycle_features(past, 40);
  REQUIRE(f.size() == 8);
  CHECK(f[0] == 3);     // visits
  CHECK(f[1] == 15);    // mean interval (30 / 2)
  CHECK(f[2] == 20);    // last interval
  CHECK(f[3] == 10);    // days since last
  CHECK(f[4] == 40);    // T
  CHECK(f[5] == 30);    // span
  CHECK(f[6] == doctest::Approx(2.25));  // visits per 30 days
  CHECK(mean_interval_baseline(past) == 15);
  CHECK(mean_interval_baseline({{5, 1, 1}}) == 0);
}

TEST_CASE("learns regular cycles and never predicts a return in the past") {
  std::vector<CycleExample> train;
  for (int cycle = 5; cycle <= 40; cycle += 5)
    for (int visits = 2; visits <= 6; ++visits) {
      VisitHistory past;
      for (int v = 0; v < visits; ++v) past.push_back({v * cycle, 50, 1});
      train.push_back({past, past.back().day + cycle / 2, static_cast<double>(cycle)});
    }
  const auto model = fit_purchase_cycle(train, 0.1);
  VisitHistory customer;
  for (int v = 0; v < 4; ++v) customer.push_back({100 + v * 22, 50, 1});
  const int as_of = customer.back().day + 11;
  CHECK(model.predict_interval(customer, as_of) == doctest::Approx(22).epsilon(0.1));
  CHECK(model.next_purchase_day(customer, as_of) > as_of);
  // Long gone: the prediction moves past the days already waited.
  CHECK(model.predict_interval(customer, customer.back().day + 300) >= 301);
}
