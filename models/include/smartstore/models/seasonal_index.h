#pragma once
// Day-of-week seasonal index by classical multiplicative decomposition
// (report 000): centred moving average, specific index Y / CMA, mean specific
// index per position, normalized so the indices average 1 (sum to the period).
// Positions count from the first observation, as statsmodels'
// seasonal_decompose(model="multiplicative") does.
#include <array>
#include <cstddef>
#include <string>
#include <vector>

#include "smartstore/common/result.h"

namespace smartstore::models {

// Centred moving average: an odd period averages `period` terms; an even one
// uses the 2 x period average (weights 1/2 at both ends). Positions without a
// full window are NaN.
std::vector<double> centred_moving_average(const std::vector<double>& y, std::size_t period);

struct SeasonalDecomposition {
  std::vector<double> trend;           // the CMA, NaN at the ends
  std::vector<double> specific;        // y / trend, NaN at the ends
  std::vector<double> position_means;  // mean specific index per position (0 = first observation)
  std::vector<double> position_index;  // position_means normalized to average 1
  std::vector<double> seasonal;        // position_index repeated over the series
};

// Empty result when the series is shorter than 2 periods or has a
// non-positive trend value (multiplicative needs positive data).
SeasonalDecomposition seasonal_decompose(const std::vector<double>& y, std::size_t period);

// Means scaled so they sum to their count (report 000's normalization).
std::vector<double> normalize_indices(const std::vector<double>& means);

struct DailySeries {
  int first_day = 0;           // days since 1970-01-01
  std::vector<double> values;  // one per consecutive day
};

// Mon..Sun indices of a daily series (index 0 = Monday).
struct WeekdayIndex {
  std::array<double, 7> by_weekday{};
};
// Fails (invalid_input) under 14 days or where the moving average is not
// positive (the multiplicative model needs positive data).
Result<WeekdayIndex> weekday_index(const DailySeries& series);

enum class DailyAggregate { sum, count, distinct };
struct SeriesOptions {
  std::string date_column;
  std::string value_column;  // summed for `sum`
  DailyAggregate aggregate = DailyAggregate::sum;
  std::string distinct_column;  // counted for `distinct`
  std::string from, to;         // inclusive dates, empty = open
};
// Rows of a CSV aggregated per day; days without rows count as 0. Errors name
// the file, and the line of a bad date or number.
Result<DailySeries> read_daily_series(const std::string& csv_file, const SeriesOptions& options);

}  // namespace smartstore::models
