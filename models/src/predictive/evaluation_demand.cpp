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

namespace smartstore::models::predictive {

Status evaluate_bike_sharing(const std::filesystem::path& file, double split_fraction,
                             std::vector<MetricRow>& rows, std::vector<std::string>& notes) {
  auto bad = [](std::string message) { return fail(ErrorKind::invalid_input, std::move(message), "models"); };
  auto read = read_csv(file);
  if (!read) return read.error();
  const auto& t = *read;
  const auto date = t.column("dteday"), holiday = t.column("holiday"), temp = t.column("temp"),
             hum = t.column("hum"), wind = t.column("windspeed"), weather = t.column("weathersit");
  if (!date || !holiday || !temp || !hum || !wind || !weather)
    return bad(file.string() + ": expected dteday, holiday, temp, hum, windspeed, weathersit columns");
  for (const std::string series : {"casual", "registered", "cnt"}) {
    const auto col = t.column(series);
    if (!col) return bad(file.string() + ": no column " + series);
    std::vector<DemandDay> days;
    for (const auto& r : t.rows) {
      DemandDay d;
      const auto day = parse_date(r[*date]);
      const auto v = parse_number(r[*col]);
      if (!day || !v) return bad(file.string() + ": bad date or " + series + " value");
      d.day = *day;
      d.demand = *v;
      d.holiday = r[*holiday] == "1";
      d.temperature = parse_number(r[*temp]).value_or(0);
      d.humidity = parse_number(r[*hum]).value_or(0);
      d.wind = parse_number(r[*wind]).value_or(0);
      d.rain_level = parse_number(r[*weather]).value_or(1);
      days.push_back(d);
    }
    const auto split =
        static_cast<std::size_t>(std::lround(split_fraction * static_cast<double>(days.size())));
    const DemandForecaster model(
        std::vector<DemandDay>(days.begin(), days.begin() + static_cast<std::ptrdiff_t>(split)), {});
    for (std::size_t h : {std::size_t{1}, std::size_t{7}, std::size_t{28}}) {
      double se = 0, se_naive = 0;
      std::size_t n = 0;
      for (std::size_t origin = split - 1; origin + h < days.size(); ++origin) {
        const double actual = days[origin + h].demand;
        se += std::pow(model.forecast(days, origin, h) - actual, 2);
        se_naive += std::pow(seasonal_naive_forecast(days, origin, h) - actual, 2);
        ++n;
      }
      const double dn = n ? static_cast<double>(n) : 1.0;
      const std::string label = h == 1 ? "1 day" : h == 7 ? "1 week" : "1 month (28 d)";
      rows.push_back({"demand forecast " + series + " (ridge)", "RMSE " + label, std::sqrt(se / dn),
                      "seasonal naive", std::sqrt(se_naive / dn), false, n});
    }
    // Dip days in the 28 days after the split, against the last 28 days' mean.
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

}  // namespace smartstore::models::predictive
