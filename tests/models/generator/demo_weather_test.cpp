// The demo's weather moves store demand, and the batch's forecaster finds it:
// on generated purchases, rainy days bring fewer store visits, and the ridge
// with weather and holidays forecasts store sales better than without.
#include <doctest/doctest.h>

#include <fstream>
#include <map>
#include <sstream>

#include "smartstore/models/generator.h"
#include "smartstore/models/weather.h"
#include "support/test_paths.h"

using namespace smartstore::models;
using smartstore::testing::TempDir;

namespace {
// Offline purchase lines per day (chnl_dv 1) of purchases.csv.
std::map<Day, double> store_lines_per_day(const std::filesystem::path& purchases) {
  std::ifstream in(purchases);
  std::string line;
  std::getline(in, line);  // header
  std::map<Day, double> out;
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::stringstream s(line);
    for (std::string x; std::getline(s, x, ',');) f.push_back(x);
    if (f.size() < 7 || f[2] != "1") continue;
    out[*parse_date(f[6])] += 1;
  }
  return out;
}
}  // namespace

TEST_CASE("weather_demo_rain_keeps_shoppers_away_and_the_forecast_sees_it") {
  TempDir dir;
  GeneratorOptions g;
  g.customers = 6000;
  g.days = 730;
  g.seed = 5;
  g.write_sessions = false;
  REQUIRE(generate_demo_data(g, dir.path()).has_value());
  const auto weather = read_asos_daily(dir / "weather.csv");
  REQUIRE(weather.has_value());
  CHECK(weather->size() == 730 + 28);  // the history and the outlook's four weeks
  const auto lines = store_lines_per_day(dir / "purchases.csv");

  double wet = 0, dry = 0;
  int wet_days = 0, dry_days = 0;
  for (const auto& w : *weather) {
    auto it = lines.find(w.day);
    if (it == lines.end()) continue;
    if (w.precipitation_mm >= 10) wet += it->second, ++wet_days;
    if (w.precipitation_mm < 1) dry += it->second, ++dry_days;
  }
  REQUIRE(wet_days > 20);
  CHECK(wet / wet_days < 0.85 * dry / dry_days);

  const auto calendar = load_holiday_calendar(default_holiday_calendar_path());
  REQUIRE(calendar);
  const DemandConditions conditions(*weather, *calendar);
  std::vector<DemandDay> days;
  for (Day d = weather->front().day; d <= lines.rbegin()->first; ++d) {
    DemandDay x;
    x.day = static_cast<int>(d);
    x.demand = lines.count(d) ? lines.at(d) : 0;
    conditions.describe(x);
    days.push_back(x);
  }
  const auto e = compare_forecasts(days, days.size() * 3 / 4, {1, 7});
  for (const auto& h : e) {
    MESSAGE("with " << h.with_weather << " without " << h.without_weather << " naive " << h.seasonal_naive);
    CHECK(h.with_weather < h.without_weather);
    CHECK(h.without_weather < h.seasonal_naive);
  }
}
