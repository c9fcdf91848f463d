// The demand forecaster on real weather and holidays (UCI bike sharing,
// Washington D.C. 2011-2012): with the target day's weather and holiday flag
// against the same ridge without them and against seasonal naive, rolling
// origin over the last quarter of the days.
#include <doctest/doctest.h>

#include "smartstore/models/evaluation.h"
#include "support/test_paths.h"

using namespace smartstore::models;

namespace {
std::vector<ForecastComparison> bike_errors(const std::string& series) {
  const auto days =
      read_bike_sharing_days(smartstore::testing::data_path("analytics") / "bike_sharing_day.csv", series);
  REQUIRE(days.has_value());
  REQUIRE(days->size() == 731);
  return compare_forecasts(*days, 548, {1, 7});  // split as `evaluate`: the first 75% of the days
}
}  // namespace

TEST_CASE("weather_and_holidays_beat_the_same_forecaster_without_them_on_bike_sharing") {
  const auto e = bike_errors("cnt");
  // RMSE in rentals per day; measured figures (docs/models-evaluation.md).
  CHECK(e[0].cases == 183);
  CHECK(e[0].with_weather == doctest::Approx(962.33).epsilon(1e-4));
  CHECK(e[0].without_weather == doctest::Approx(1129.26).epsilon(1e-4));
  CHECK(e[0].seasonal_naive == doctest::Approx(1649.84).epsilon(1e-4));
  CHECK(e[1].cases == 177);
  CHECK(e[1].with_weather == doctest::Approx(1122.47).epsilon(1e-4));
  CHECK(e[1].without_weather == doctest::Approx(1458.68).epsilon(1e-4));
  CHECK(e[1].seasonal_naive == doctest::Approx(1673.19).epsilon(1e-4));
  for (const auto& h : e) {
    CHECK(h.with_weather < h.without_weather);
    CHECK(h.without_weather < h.seasonal_naive);
  }
}

TEST_CASE("weather_ordering_holds_for_casual_and_registered_riders") {
  for (const std::string series : {"casual", "registered"}) {
    INFO(series);
    for (const auto& h : bike_errors(series)) {
      CHECK(h.with_weather < h.without_weather);
      CHECK(h.without_weather < h.seasonal_naive);
    }
  }
}

TEST_CASE("weather_bike_reader_names_the_file_and_the_missing_column") {
  const auto days =
      read_bike_sharing_days(smartstore::testing::data_path("analytics") / "bike_sharing_day.csv", "riders");
  REQUIRE_FALSE(days.has_value());
  CHECK(days.error().message().find("bike_sharing_day.csv: no column riders") != std::string::npos);
}
