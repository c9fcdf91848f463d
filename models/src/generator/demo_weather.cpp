#include "demo_weather.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "rng.h"
#include "smartstore/common/civil_date.h"

namespace smartstore::models::gen {

namespace {
// Uniform [0, 1) from a day and a stream number, independent of the customer draws.
double day_uniform(std::int64_t day, std::uint64_t stream) {
  std::uint64_t s = static_cast<std::uint64_t>(day) * 0x9e3779b97f4a7c15ULL + stream * 0xd1b54a32d192ed03ULL;
  return static_cast<double>(splitmix64(s) >> 11) * 0x1.0p-53;
}
}  // namespace

DailyWeather demo_weather(std::int64_t day) {
  const auto civil = civil_from_days(day);
  const double doy = static_cast<double>(day - days_from_civil({civil.year, 1, 1}));
  const double season = -std::cos(2 * std::numbers::pi * (doy - 15) / 365.0);  // −1 mid-January, +1 mid-July
  DailyWeather w;
  w.day = static_cast<Day>(day);
  w.mean_c = 12.5 + 14.5 * season + 6 * (day_uniform(day, 1) - 0.5);
  const double range = 6 + 4 * day_uniform(day, 2);
  w.min_c = w.mean_c - range / 2;
  w.max_c = w.mean_c + range / 2;
  const bool monsoon = civil.month == 7 || (civil.month == 8 && civil.day <= 15);
  const double rain_chance = monsoon ? 0.5 : 0.18 + 0.07 * season;
  if (day_uniform(day, 3) < rain_chance)
    w.precipitation_mm = std::round(-std::log(1 - day_uniform(day, 4)) * (monsoon ? 25.0 : 7.0) * 10) / 10;
  w.humidity_pct = std::clamp(
      62 + 14 * season + (w.precipitation_mm > 0 ? 15 : 0) + 10 * (day_uniform(day, 5) - 0.5), 20.0, 99.0);
  w.wind_ms = std::round((1.5 + 2.5 * day_uniform(day, 6)) * 10) / 10;
  w.mean_c = std::round(w.mean_c * 10) / 10;
  w.min_c = std::round(w.min_c * 10) / 10;
  w.max_c = std::round(w.max_c * 10) / 10;
  w.humidity_pct = std::round(w.humidity_pct * 10) / 10;
  return w;
}

double weather_visit_factor(const DailyWeather& w) {
  double f = w.precipitation_mm >= 10 ? 0.55 : w.precipitation_mm >= 1 ? 0.8 : 1.0;
  if (discomfort_index(w.mean_c, w.humidity_pct) >= 80) f *= 0.8;
  if (w.mean_c < -5) f *= 0.85;
  return f;
}

std::vector<DailyWeather> demo_weather_days(std::int64_t first, std::int64_t last) {
  std::vector<DailyWeather> out;
  for (std::int64_t d = first; d <= last; ++d) out.push_back(demo_weather(d));
  return out;
}

}  // namespace smartstore::models::gen
