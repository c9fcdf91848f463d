// Report 000's Customer Profiling step 1 on the batch's own purchases: daily
// sales of the best-selling categories, the ridge forecast for the next
// days and the days it dips, which the report lists with the customers whose
// rank-1 preference is that category.
#include <algorithm>
#include <numeric>

#include "customer_lines.h"
#include "smartstore/models/demand_forecast.h"

namespace smartstore::models::predictive {

namespace {
DemandDay known_day(const PredictionInputs& in, Day day, double demand) {
  DemandDay d;
  d.day = static_cast<int>(day);
  d.demand = demand;
  if (in.conditions) in.conditions->describe(d);
  return d;
}
}  // namespace

std::vector<CategoryOutlook> demand_outlook(const PredictionInputs& in, const PredictionOptions& options) {
  std::vector<CategoryOutlook> out;
  if (in.purchases.empty() || in.categories.empty() || options.forecast_categories == 0) return out;
  Day first = in.as_of;
  for (const auto& r : in.purchases) first = std::min(first, r.day);
  // Two years are plenty for weekday indices and lags; older days are not read.
  first = std::max<Day>(first, in.as_of - 729);
  const auto days = static_cast<std::size_t>(in.as_of - first + 1);
  const std::size_t nc = in.categories.size();
  std::vector<double> sales(days * nc, 0), revenue(nc, 0);
  for (const auto& r : in.purchases) {
    if (r.day < first || r.day > in.as_of || r.product >= in.product_category.size()) continue;
    const auto cat = in.product_category[r.product];
    if (cat < 0) continue;
    sales[static_cast<std::size_t>(r.day - first) * nc + static_cast<std::size_t>(cat)] +=
        static_cast<double>(r.amount_krw);
    revenue[static_cast<std::size_t>(cat)] += static_cast<double>(r.amount_krw);
  }
  std::vector<std::size_t> order(nc);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return revenue[a] > revenue[b]; });
  order.resize(std::min(order.size(), options.forecast_categories));

  const std::size_t horizon = options.forecast_horizon;
  constexpr std::size_t kReferenceDays = 28;
  for (std::size_t cat : order) {
    if (revenue[cat] <= 0) break;
    CategoryOutlook o;
    o.category = static_cast<std::int32_t>(cat);
    std::vector<DemandDay> series;
    for (std::size_t d = 0; d < days; ++d)
      series.push_back(known_day(in, first + static_cast<Day>(d), sales[d * nc + cat]));
    const std::size_t shown = std::min(days, options.history_shown);
    o.first_history_day = first + static_cast<Day>(days - shown);
    for (std::size_t d = days - shown; d < days; ++d) o.history.push_back(series[d].demand);
    const std::size_t ref = std::min(days, kReferenceDays);
    for (std::size_t d = days - ref; d < days; ++d) o.reference += series[d].demand;
    o.reference /= static_cast<double>(ref);
    // The forecaster needs a level window plus each horizon's target to learn from.
    if (horizon > 0 && days >= kReferenceDays + horizon + 28) {
      DemandForecaster model(series, {horizon, 1.0, in.conditions != nullptr});
      // Days after the as-of day carry their calendar and weather (a
      // forecast, or the stand-in DemandConditions picks); their demand is never read.
      for (std::size_t h = 1; h <= horizon; ++h)
        series.push_back(known_day(in, in.as_of + static_cast<Day>(h), 0));
      for (std::size_t h = 1; h <= horizon; ++h) o.forecast.push_back(model.forecast(series, days - 1, h));
      o.dips = dip_days(o.forecast, o.reference, options.dip_drop);
    }
    out.push_back(std::move(o));
  }
  return out;
}

}  // namespace smartstore::models::predictive
