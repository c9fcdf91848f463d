#include "smartstore/models/demand_forecast.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "smartstore/common/civil_date.h"
#include "smartstore/models/seasonal_index.h"
#include "table_reader.h"

namespace smartstore::models {

namespace {
constexpr std::size_t kLags = 7;
constexpr std::size_t kLevelDays = 28;
}  // namespace

double seasonal_naive_forecast(const std::vector<DemandDay>& days, std::size_t origin, std::size_t horizon) {
  const std::size_t back = 7 * ((horizon + 6) / 7);  // whole weeks back to a day <= origin
  const std::size_t target = origin + horizon;
  return target >= back ? days[target - back].demand : days[origin].demand;
}

DemandForecaster::DemandForecaster(const std::vector<DemandDay>& history, DemandForecastOptions options)
    : options_(options), weekday_index_(7, 1.0) {
  DailySeries series;
  if (!history.empty()) series.first_day = history.front().day;
  for (const auto& d : history) series.values.push_back(d.demand);
  const auto w = weekday_index(series);
  if (w) weekday_index_.assign(w->by_weekday.begin(), w->by_weekday.end());
  for (std::size_t h = 1; h <= options_.max_horizon; ++h) {
    std::vector<std::vector<double>> x;
    std::vector<double> y;
    for (std::size_t origin = kLevelDays; origin + h < history.size(); ++origin) {
      x.push_back(features(history, origin, h));
      y.push_back(history[origin + h].demand);
    }
    models_.push_back(fit_ridge(x, y, options_.lambda));
  }
}

std::vector<double> DemandForecaster::features(const std::vector<DemandDay>& days, std::size_t origin,
                                               std::size_t horizon) const {
  std::vector<double> f;
  for (std::size_t l = 0; l < kLags; ++l) f.push_back(origin >= l ? days[origin - l].demand : days[0].demand);
  double level = 0;
  const std::size_t from = origin + 1 >= kLevelDays ? origin + 1 - kLevelDays : 0;
  for (std::size_t i = from; i <= origin; ++i) level += days[i].demand;
  level /= static_cast<double>(origin + 1 - from);
  const DemandDay& target = days[origin + horizon];
  const double season = weekday_index_[static_cast<std::size_t>(weekday(target.day))];
  f.push_back(seasonal_naive_forecast(days, origin, horizon));
  f.push_back(level);
  f.push_back(level * season);  // the level carried to the target's weekday
  if (!options_.weather_and_holidays) return f;
  f.push_back(target.holiday ? 1.0 : 0.0);
  f.push_back(target.temperature);
  f.push_back(target.temperature * target.temperature);
  f.push_back(target.humidity);
  f.push_back(target.wind);
  f.push_back(target.rain_level);
  return f;
}

double DemandForecaster::forecast(const std::vector<DemandDay>& days, std::size_t origin,
                                  std::size_t horizon) const {
  if (horizon == 0 || horizon > models_.size() || origin + horizon >= days.size()) return 0;
  return std::max(0.0, models_[horizon - 1].predict(features(days, origin, horizon)));
}

std::vector<ForecastComparison> compare_forecasts(const std::vector<DemandDay>& days, std::size_t split,
                                                  const std::vector<std::size_t>& horizons) {
  std::vector<ForecastComparison> out(horizons.size());
  if (split == 0 || split > days.size()) return out;
  const std::vector<DemandDay> train(days.begin(), days.begin() + static_cast<std::ptrdiff_t>(split));
  const std::size_t longest = horizons.empty() ? 1 : *std::max_element(horizons.begin(), horizons.end());
  const DemandForecaster with(train, {longest, 1.0, true});
  const DemandForecaster without(train, {longest, 1.0, false});
  for (std::size_t k = 0; k < horizons.size(); ++k) {
    const std::size_t h = horizons[k];
    double se = 0, se_plain = 0, se_naive = 0;
    std::size_t n = 0;
    auto squared = [](double a, double b) { return (a - b) * (a - b); };
    for (std::size_t origin = split - 1; origin + h < days.size(); ++origin, ++n) {
      const double actual = days[origin + h].demand;
      se += squared(with.forecast(days, origin, h), actual);
      se_plain += squared(without.forecast(days, origin, h), actual);
      se_naive += squared(seasonal_naive_forecast(days, origin, h), actual);
    }
    const double dn = n ? static_cast<double>(n) : 1.0;
    out[k] = {std::sqrt(se / dn), std::sqrt(se_plain / dn), std::sqrt(se_naive / dn), n};
  }
  return out;
}

std::vector<std::size_t> dip_days(const std::vector<double>& forecast, double reference,
                                  double drop_fraction) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < forecast.size(); ++i)
    if (forecast[i] < reference * (1.0 - drop_fraction)) out.push_back(i);
  return out;
}

}  // namespace smartstore::models
