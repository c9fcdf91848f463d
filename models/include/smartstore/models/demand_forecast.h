#pragma once
// Daily demand forecast 1..28 days ahead (report 000's role of the LSTM):
// one ridge regression per horizon on the last 7 days, the same weekday's
// last value, the 28-day level, the target day's weekday seasonal index,
// holiday flag and weather. Next to it the seasonal-naive forecast (the last
// value seen on the target's weekday), and the dip days a forecast shows.
#include <cstddef>
#include <vector>

#include "smartstore/models/ridge_regression.h"

namespace smartstore::models {

struct DemandDay {
  int day = 0;  // days since 1970-01-01, consecutive
  double demand = 0;
  bool holiday = false;
  double temperature = 0;  // the target day's weather: a forecast when used live
  double humidity = 0;
  double wind = 0;
  double rain_level = 0;  // e.g. bike sharing's weathersit 1..4
};

struct DemandForecastOptions {
  std::size_t max_horizon = 28;
  double lambda = 1.0;
  // The target day's holiday flag and weather as features; off, the model
  // sees only past demand and the weekday (the comparison that tells whether
  // a weather feed earns its place).
  bool weather_and_holidays = true;
};

class DemandForecaster {
 public:
  // Learns weekday indices and one model per horizon from `history`.
  DemandForecaster(const std::vector<DemandDay>& history, DemandForecastOptions options);
  // Forecast for days[origin + h] (h = 1..max_horizon) made at the end of
  // days[origin]; demand after `origin` is not read, only calendar and weather.
  double forecast(const std::vector<DemandDay>& days, std::size_t origin, std::size_t horizon) const;
  const std::vector<double>& weekday_indices() const { return weekday_index_; }  // Mon..Sun

 private:
  std::vector<double> features(const std::vector<DemandDay>& days, std::size_t origin,
                               std::size_t horizon) const;
  DemandForecastOptions options_;
  std::vector<double> weekday_index_;
  std::vector<RidgeModel> models_;  // [h - 1]
};

// The last value seen on the target day's weekday.
double seasonal_naive_forecast(const std::vector<DemandDay>& days, std::size_t origin, std::size_t horizon);

// Rolling-origin RMSE at one horizon: both forecasters fit once on
// days[0, split), then forecast days[origin + horizon] from every origin
// split - 1, split, ... whose target is in `days`.
struct ForecastComparison {
  double with_weather = 0, without_weather = 0, seasonal_naive = 0;
  std::size_t cases = 0;
};
[[nodiscard]] std::vector<ForecastComparison> compare_forecasts(const std::vector<DemandDay>& days,
                                                                std::size_t split,
                                                                const std::vector<std::size_t>& horizons);

// Indices of `forecast` that fall more than `drop_fraction` below `reference`
// (e.g. the recent mean): the days report 000 targets with coupons.
std::vector<std::size_t> dip_days(const std::vector<double>& forecast, double reference,
                                  double drop_fraction = 0.15);

}  // namespace smartstore::models
