#pragma once
// The demo's weather: a Seoul-like year (cold dry winters, a humid monsoon
// summer) that moves store visits, so the batch's weather-aware forecast
// has something to find. A pure function of the day: every seed shares it,
// as every customer of one city shares the sky.
#include <cstdint>
#include <vector>

#include "smartstore/models/weather.h"

namespace smartstore::models::gen {

[[nodiscard]] DailyWeather demo_weather(std::int64_t day);
// How much of a day's usual store traffic comes: heavy rain 0.55, light
// rain 0.8, a sultry day (discomfort index ≥ 80) 0.8, a freezing one
// (mean < −5 °C) 0.85; multiplied, never above 1.
[[nodiscard]] double weather_visit_factor(const DailyWeather& w);
[[nodiscard]] std::vector<DailyWeather> demo_weather_days(std::int64_t first, std::int64_t last);

}  // namespace smartstore::models::gen
