#include <doctest/doctest.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <sstream>

#include "smartstore/models/predictive_cli.h"
#include "smartstore/models/seasonal_index.h"
#include "support/test_paths.h"

using namespace smartstore::models;

TEST_CASE("report 000 worked example: CMA and specific index on 2018-04-04") {
  const std::vector<double> sales = {238179870, 241964178, 218457560, 215549465,
                                     184853040, 156493150, 133238020};
  const auto cma = centred_moving_average(sales, 7);
  CHECK(std::isnan(cma[2]));
  CHECK(std::isnan(cma[4]));
  CHECK(std::round(cma[3]) == 198390755);
  CHECK(sales[3] / cma[3] == doctest::Approx(1.08649).epsilon(1e-5));
}

TEST_CASE("report 000 worked example: weekday means normalized to sum 7") {
  // The report prints the means rounded to 3 decimals (sum 6.985) but
  // normalized the unrounded ones, so from the printed means the indices agree
  // to the rounding (< 1e-3); from means that round to the printed ones and sum
  // to 6.985 they agree exactly.
  const std::vector<double> printed = {1.070, 1.086, 0.989, 1.019, 0.954, 0.923, 0.943};
  const std::vector<double> expected = {1.0727, 1.08882, 0.99089, 1.02074, 0.95626, 0.92538, 0.9452};
  const auto idx = normalize_indices(printed);
  double sum = 0;
  std::vector<double> unrounded;
  for (std::size_t i = 0; i < 7; ++i) {
    CHECK(std::abs(idx[i] - expected[i]) < 1e-3);
    sum += idx[i];
    unrounded.push_back(expected[i] * 6.985 / 7);
    CHECK(std::round(unrounded[i] * 1000) / 1000 == doctest::Approx(printed[i]));
  }
  CHECK(sum == doctest::Approx(7.0));
  const auto exact = normalize_indices(unrounded);
  for (std::size_t i = 0; i < 7; ++i)
    CHECK(exact[i] == doctest::Approx(expected[i]).epsilon(1e-5));  // printed to 5-6 digits
}

TEST_CASE("even period uses the 2 x p moving average (statsmodels)") {
  const std::vector<double> y = {0, 1, 4, 9, 16, 25, 36, 49};
  const auto cma = centred_moving_average(y, 4);
  CHECK(std::isnan(cma[1]));
  CHECK(cma[2] == doctest::Approx(5.5));   // (0/2 + 1 + 4 + 9 + 16/2) / 4
  CHECK(cma[5] == doctest::Approx(26.5));  // (9/2 + 16 + 25 + 36 + 49/2) / 4
  CHECK(std::isnan(cma[6]));
}

TEST_CASE("positions count from the first observation and map to weekdays") {
  // Periodic series: the trend is constant, so the indices are the pattern over its mean.
  const std::vector<double> pattern = {1.2, 1.1, 1.0, 0.9, 0.8, 1.0, 1.0};  // sums to 7
  DailySeries s;
  s.first_day = 17625;  // 2018-04-04, a Wednesday
  for (int w = 0; w < 6; ++w)
    for (double p : pattern) s.values.push_back(100 * p);
  const auto d = seasonal_decompose(s.values, 7);
  REQUIRE(d.position_index.size() == 7);
  for (std::size_t i = 0; i < 7; ++i) CHECK(d.position_index[i] == doctest::Approx(pattern[i]));
  const auto w = weekday_index(s);
  REQUIRE(w);
  CHECK(w->by_weekday[2] == doctest::Approx(1.2));  // Wednesday = first observation
  CHECK(w->by_weekday[1] == doctest::Approx(1.0));  // Tuesday = position 6
  CHECK(w->by_weekday[0] == doctest::Approx(1.0));  // Monday = position 5
  CHECK(w->by_weekday[4] == doctest::Approx(1.0));  // Friday = position 2

  DailySeries short_series{0, {1, 2, 3}};
  CHECK_FALSE(weekday_index(short_series));
}

TEST_CASE("seasonal command aggregates a CSV per day and prints Mon..Sun JSON") {
  smartstore::testing::TempDir dir;
  // Three weeks from Monday 2019-01-07; Saturdays sell double, one day has two rows.
  std::string csv = "Date,Amount,Customer\n";
  for (int d = 0; d < 21; ++d) {
    const int day = 7 + d;
    const std::string date = "201901" + std::string(day < 10 ? "0" : "") + std::to_string(day);
    const double amount = (d % 7 == 5) ? 200 : 100;
    csv += date + "," + std::to_string(amount / 2) + ",c" + std::to_string(d) + "\n";
    csv += date + "," + std::to_string(amount / 2) + ",c" + std::to_string(d) + "\n";
  }
  smartstore::testing::write_file(dir / "sales.csv", csv);
  std::ostringstream out, err;
  REQUIRE(predictive_cli::run_seasonal(
              {"--series", (dir / "sales.csv").string(), "--date-col", "Date", "--value-col", "Amount"}, out,
              err) == 0);
  const auto j = nlohmann::json::parse(out.str());
  CHECK(j["days"] == 21);
  CHECK(j["first_day"] == "2019-01-07");
  // Saturday 200 vs 100: index 200/(800/7) = 1.75, others 0.875.
  CHECK(j["Sat"].get<double>() == doctest::Approx(1.75));
  CHECK(j["Mon"].get<double>() == doctest::Approx(0.875));

  // distinct customers per day: each day has one, so every index is 1.
  std::ostringstream out2;
  REQUIRE(predictive_cli::run_seasonal({"--series", (dir / "sales.csv").string(), "--date-col", "Date",
                                        "--aggregate", "distinct:Customer"},
                                       out2, err) == 0);
  CHECK(nlohmann::json::parse(out2.str())["Sat"].get<double>() == doctest::Approx(1.0));

  std::ostringstream out3, err3;
  CHECK(predictive_cli::run_seasonal(
            {"--series", (dir / "sales.csv").string(), "--date-col", "Nope", "--value-col", "Amount"}, out3,
            err3) == 2);
  CHECK(err3.str().find("no column Nope") != std::string::npos);
  CHECK(predictive_cli::run_seasonal({"--series", (dir / "sales.csv").string(), "--date-col", "Date",
                                      "--value-col", "Amount", "--from", "2019-01-07", "--to", "2019-01-10"},
                                     out3, err3) == 2);  // 4 days is too short
}

TEST_CASE("matches statsmodels seasonal_decompose on bike_sharing_day.csv") {
  // Reference: statsmodels 0.13.5, seasonal_decompose(cnt, model="multiplicative", period=7 / 4).
  SeriesOptions options;
  options.date_column = "dteday";
  options.value_column = "cnt";
  const auto series =
      read_daily_series(smartstore::testing::data_path("analytics/bike_sharing_day.csv").string(), options);
  REQUIRE(series);
  REQUIRE(series->values.size() == 731);
  const auto w = weekday_index(*series);
  REQUIRE(w);
  const double expected[7] = {0.971527, 1.007764, 0.99762, 1.03274,
                              1.052899, 0.996243, 0.941207};  // Mon..Sun
  for (std::size_t d = 0; d < 7; ++d) CHECK(w->by_weekday[d] == doctest::Approx(expected[d]).epsilon(1e-6));

  const std::vector<double> first30(series->values.begin(), series->values.begin() + 30);
  const auto even = seasonal_decompose(first30, 4);
  const double expected4[4] = {1.0954228652574032, 0.8586337158808307, 0.956987686573113, 1.0889557322886534};
  for (std::size_t p = 0; p < 4; ++p)
    CHECK(even.position_index[p] == doctest::Approx(expected4[p]).epsilon(1e-12));
}
