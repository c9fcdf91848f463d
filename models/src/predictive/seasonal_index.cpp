#include "smartstore/models/seasonal_index.h"

#include <cmath>
#include <limits>
#include <map>
#include <set>

#include "smartstore/common/civil_date.h"
#include "table_reader.h"

namespace smartstore::models {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}

std::vector<double> centred_moving_average(const std::vector<double>& y, std::size_t period) {
  std::vector<double> out(y.size(), kNaN);
  if (period == 0) return out;
  std::vector<double> weights;
  if (period % 2 == 1) {
    weights.assign(period, 1.0 / static_cast<double>(period));
  } else {
    weights.assign(period + 1, 1.0 / static_cast<double>(period));
    weights.front() = weights.back() = 0.5 / static_cast<double>(period);
  }
  const std::size_t half = weights.size() / 2;
  if (y.size() < weights.size()) return out;
  for (std::size_t t = half; t + half < y.size(); ++t) {
    double s = 0;
    for (std::size_t k = 0; k < weights.size(); ++k) s += weights[k] * y[t - half + k];
    out[t] = s;
  }
  return out;
}

std::vector<double> normalize_indices(const std::vector<double>& means) {
  double sum = 0;
  for (double m : means) sum += m;
  std::vector<double> out(means.size());
  for (std::size_t i = 0; i < means.size(); ++i) out[i] = means[i] * static_cast<double>(means.size()) / sum;
  return out;
}

SeasonalDecomposition seasonal_decompose(const std::vector<double>& y, std::size_t period) {
  SeasonalDecomposition d;
  if (period < 2 || y.size() < 2 * period) return d;
  d.trend = centred_moving_average(y, period);
  d.specific.assign(y.size(), kNaN);
  for (std::size_t t = 0; t < y.size(); ++t) {
    if (std::isnan(d.trend[t])) continue;
    if (d.trend[t] <= 0) return {};
    d.specific[t] = y[t] / d.trend[t];
  }
  d.position_means.assign(period, 0);
  for (std::size_t p = 0; p < period; ++p) {
    double s = 0;
    int n = 0;
    for (std::size_t t = p; t < y.size(); t += period)
      if (!std::isnan(d.specific[t])) {
        s += d.specific[t];
        ++n;
      }
    d.position_means[p] = n ? s / n : kNaN;
  }
  d.position_index = normalize_indices(d.position_means);
  d.seasonal.resize(y.size());
  for (std::size_t t = 0; t < y.size(); ++t) d.seasonal[t] = d.position_index[t % period];
  return d;
}

Result<WeekdayIndex> weekday_index(const DailySeries& series) {
  WeekdayIndex w;
  const auto d = seasonal_decompose(series.values, 7);
  if (d.position_index.empty())
    return fail(ErrorKind::invalid_input,
                series.values.size() < 14
                    ? "need at least 14 days, have " + std::to_string(series.values.size())
                    : "the moving average is not positive everywhere (multiplicative model)",
                "models");
  for (std::size_t p = 0; p < 7; ++p)
    w.by_weekday[static_cast<std::size_t>(weekday(series.first_day + static_cast<int>(p)))] =
        d.position_index[p];
  return w;
}

Result<DailySeries> read_daily_series(const std::string& csv_file, const SeriesOptions& options) {
  auto bad = [](std::string message) { return fail(ErrorKind::invalid_input, std::move(message), "models"); };
  auto read = predictive::read_csv(csv_file);
  if (!read) return read.error();
  const auto& t = *read;
  auto date_col = t.column(options.date_column);
  if (!date_col) return bad(csv_file + ": no column " + options.date_column);
  std::optional<std::size_t> value_col, distinct_col;
  if (options.aggregate == DailyAggregate::sum && !(value_col = t.column(options.value_column)))
    return bad(csv_file + ": no column " + options.value_column);
  if (options.aggregate == DailyAggregate::distinct && !(distinct_col = t.column(options.distinct_column)))
    return bad(csv_file + ": no column " + options.distinct_column);
  std::optional<int> from, to;
  if (!options.from.empty() && !(from = parse_date(options.from)))
    return bad("--from is not a date: " + options.from);
  if (!options.to.empty() && !(to = parse_date(options.to)))
    return bad("--to is not a date: " + options.to);
  std::map<int, double> totals;
  std::map<int, std::set<std::string>> distinct;
  for (std::size_t i = 0; i < t.rows.size(); ++i) {
    const auto& row = t.rows[i];
    auto day = parse_date(row[*date_col]);
    if (!day) return bad(csv_file + ":" + std::to_string(t.lines[i]) + ": not a date: " + row[*date_col]);
    if ((from && *day < *from) || (to && *day > *to)) continue;
    switch (options.aggregate) {
      case DailyAggregate::sum: {
        auto v = predictive::parse_number(row[*value_col]);
        if (!v) return bad(csv_file + ":" + std::to_string(t.lines[i]) + ": not a number: " + row[*value_col]);
        totals[*day] += *v;
        break;
      }
      case DailyAggregate::count:
        totals[*day] += 1;
        break;
      case DailyAggregate::distinct:
        distinct[*day].insert(row[*distinct_col]);
        totals[*day];
        break;
    }
  }
  if (totals.empty()) return bad(csv_file + ": no rows in the date range");
  const int first = from ? *from : totals.begin()->first;
  const int last = to ? *to : totals.rbegin()->first;
  DailySeries series;
  series.first_day = first;
  series.values.assign(static_cast<std::size_t>(last - first + 1), 0.0);
  for (const auto& [day, v] : totals)
    series.values[static_cast<std::size_t>(day - first)] =
        options.aggregate == DailyAggregate::distinct ? static_cast<double>(distinct[day].size()) : v;
  return series;
}

}  // namespace smartstore::models
