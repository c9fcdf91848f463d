// Demand forecast on bike_sharing_day.csv and the Groceries rules check.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>

#include "evaluation_parts.h"
#include "smartstore/common/civil_date.h"
#include "smartstore/models/association_rules.h"
#include "smartstore/models/demand_forecast.h"
#include "table_reader.h"

namespace smartstore::models {

Result<std::vector<DemandDay>> read_bike_sharing_days(const std::filesystem::path& file,
                                                      const std::string& series) {
  auto bad = [&](std::string message) {
    return fail(ErrorKind::invalid_input, file.string() + ": " + std::move(message), "models");
  };
  auto read = predictive::read_csv(file);
  if (!read) return read.error();
  const auto& t = *read;
  const auto date = t.column("dteday"), holiday = t.column("holiday"), temp = t.column("temp"),
             hum = t.column("hum"), wind = t.column("windspeed"), weather = t.column("weathersit"),
             col = t.column(series);
  if (!date || !holiday || !temp || !hum || !wind || !weather)
    return bad("expected dteday, holiday, temp, hum, windspeed, weathersit columns");
  if (!col) return bad("no column " + series);
  std::vector<DemandDay> days;
  for (std::size_t i = 0; i < t.rows.size(); ++i) {
    const auto& r = t.rows[i];
    const auto day = parse_date(r[*date]);
    const auto v = predictive::parse_number(r[*col]);
    if (!day || !v) return bad("line " + std::to_string(i + 2) + ": bad date or " + series + " value");
    DemandDay d;
    d.day = *day;
    d.demand = *v;
    d.holiday = r[*holiday] == "1";
    d.temperature = predictive::parse_number(r[*temp]).value_or(0);
    d.humidity = predictive::parse_number(r[*hum]).value_or(0);
    d.wind = predictive::parse_number(r[*wind]).value_or(0);
    d.rain_level = predictive::parse_number(r[*weather]).value_or(1);
    days.push_back(d);
  }
  return days;
}

namespace predictive {

Status evaluate_bike_sharing(const std::filesystem::path& file, double split_fraction,
                             std::vector<MetricRow>& rows, std::vector<std::string>& notes) {
  for (const std::string series : {"casual", "registered", "cnt"}) {
    auto read = read_bike_sharing_days(file, series);
    if (!read) return read.error();
    const auto& days = *read;
    const auto split =
        static_cast<std::size_t>(std::lround(split_fraction * static_cast<double>(days.size())));
    if (split < 60 || split >= days.size())
      return fail(ErrorKind::invalid_input, file.string() + ": too few days to split", "models");
    const std::vector<std::size_t> horizons{1, 7, 28};
    const auto errors = compare_forecasts(days, split, horizons);
    const std::string with = "demand " + series + " (ridge+weather)",
                      without = "demand " + series + " (ridge)";
    for (std::size_t k = 0; k < horizons.size(); ++k) {
      const auto& e = errors[k];
      const std::string label = "RMSE " + std::string(horizons[k] == 1   ? "1 day"
                                                      : horizons[k] == 7 ? "1 week"
                                                                         : "1 month (28 d)");
      rows.push_back({with, label, e.with_weather, "seasonal naive", e.seasonal_naive, false, e.cases});
      rows.push_back(
          {with, label, e.with_weather, "ridge, no weather/hol.", e.without_weather, false, e.cases});
      rows.push_back({without, label, e.without_weather, "seasonal naive", e.seasonal_naive, false, e.cases});
    }
    // Dip days in the 28 days after the split, against the last 28 days' mean.
    const DemandForecaster model(
        std::vector<DemandDay>(days.begin(), days.begin() + static_cast<std::ptrdiff_t>(split)), {});
    std::vector<double> ahead;
    for (std::size_t h = 1; h <= 28 && split - 1 + h < days.size(); ++h)
      ahead.push_back(model.forecast(days, split - 1, h));
    double recent = 0;
    for (std::size_t i = split - 28; i < split; ++i) recent += days[i].demand / 28.0;
    std::string dips;
    for (auto i : dip_days(ahead, recent, 0.15))
      dips += (dips.empty() ? "" : " ") + format_date(days[split + i].day);
    notes.push_back("bike " + series + ": forecast from " + format_date(days[split - 1].day) +
                    ", dip days (>15% under the last 28 days' mean): " + (dips.empty() ? "none" : dips));
  }
  return ok();
}

Status evaluate_groceries(const std::filesystem::path& file, std::vector<MetricRow>& rows,
                          std::vector<std::string>& notes) {
  (void)rows;  // a reproduction, not a model against a baseline: reported as a note
  const auto t0 = std::chrono::steady_clock::now();
  const auto read = read_baskets(file, BasketFormat::basket);
  if (!read) return read.error();
  AprioriOptions options;
  options.min_support = 0.001;
  options.min_confidence = 0.5;
  const auto rules = mine_rules(*read, options);
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  std::size_t reference = 0;
  std::ifstream ref(file.parent_path() / "groceries_rules_s0.001_c0.5.csv");
  for (std::string line; std::getline(ref, line);) ++reference;
  char buf[256];
  std::snprintf(buf, sizeof buf,
                "groceries: %zu rules at support 0.001 / confidence 0.5 (arules reference file: %zu), "
                "top lift %.5f, read + mined in %.1f ms",
                rules.rules.size(), reference ? reference - 1 : 0,
                rules.rules.empty() ? 0.0 : rules.rules[0].lift, ms);
  notes.push_back(buf);
  return ok();
}

}  // namespace predictive
}  // namespace smartstore::models
