#include <doctest/doctest.h>

#include <cmath>

#include "smartstore/models/demand_forecast.h"

using namespace smartstore::models;

namespace {
// A weekday pattern on a slowly rising level, plus a temperature effect.
std::vector<DemandDay> synthetic(std::size_t n) {
  const double pattern[7] = {1.0, 1.0, 1.1, 1.1, 1.2, 0.8, 0.8};
  std::vector<DemandDay> days;
  for (std::size_t i = 0; i < n; ++i) {
    DemandDay d;
    d.day = 17532 + static_cast<int>(i);  // 2018-01-01, a Monday
    d.temperature = 10 + 10 * std::sin(static_cast<double>(i) / 20.0);
    d.demand = (1000 + 2.0 * static_cast<double>(i)) * pattern[i % 7] + 30 * d.temperature;
    days.push_back(d);
  }
  return days;
}
}  // namespace

TEST_CASE("seasonal naive takes the last value on the target's weekday") {
  auto days = synthetic(60);
  CHECK(seasonal_naive_forecast(days, 30, 1) == days[24].demand);
  CHECK(seasonal_naive_forecast(days, 30, 7) == days[30].demand);
  CHECK(seasonal_naive_forecast(days, 30, 8) == days[24].demand);
  CHECK(seasonal_naive_forecast(days, 30, 28) == days[30].demand);
}

TEST_CASE("ridge forecast beats seasonal naive on a series with weather") {
  const auto days = synthetic(400);
  const std::vector<DemandDay> train(days.begin(), days.begin() + 300);
  const DemandForecaster model(train, {});
  // Weekday indices: Friday (pattern 1.2) above Saturday (0.8).
  CHECK(model.weekday_indices()[4] > model.weekday_indices()[5]);
  for (std::size_t h : {1u, 7u, 28u}) {
    double se = 0, se_naive = 0;
    for (std::size_t origin = 299; origin + h < days.size(); ++origin) {
      se += std::pow(model.forecast(days, origin, h) - days[origin + h].demand, 2);
      se_naive += std::pow(seasonal_naive_forecast(days, origin, h) - days[origin + h].demand, 2);
    }
    CHECK(se < se_naive);
  }
  CHECK(model.forecast(days, 399, 1) == 0);  // no target day to read calendar and weather from
}

TEST_CASE("dip days are those more than the threshold under the reference") {
  CHECK(dip_days({100, 80, 90, 70}, 100, 0.15) == std::vector<std::size_t>{1, 3});
  CHECK(dip_days({100, 100}, 100, 0.15).empty());
}
