#include "batch_predictions.h"

#include <algorithm>
#include <cstdio>

#include "smartstore/models/customer_partition.h"

namespace smartstore::models::batch {
namespace {

std::string fixed(double v, int digits) {
  char b[48];
  std::snprintf(b, sizeof b, "%.*f", digits, v);
  return b;
}

std::string general(double v) {
  char b[48];
  std::snprintf(b, sizeof b, "%g", v);
  return b;
}

}  // namespace

Result<DemandConditions> load_demand_conditions(const BatchInputs& inputs) {
  const std::string calendar = inputs.holidays.empty() ? default_holiday_calendar_path() : inputs.holidays;
  auto holidays = load_holiday_calendar(calendar);
  if (!holidays) return holidays.error();
  std::vector<DailyWeather> weather;
  if (!inputs.weather.empty()) {
    auto read = read_asos_daily(inputs.weather);
    if (!read) return read.error();
    weather = std::move(*read);
  }
  return DemandConditions(std::move(weather), std::move(*holidays));
}

void add_forecast_days_to_report(ReportData& report, const DemandConditions& conditions, Day as_of) {
  const PredictionOptions defaults;
  if (report.forecasts.empty()) return;
  for (std::size_t h = 1; h <= defaults.forecast_horizon; ++h) {
    const Day day = as_of + static_cast<Day>(h);
    ForecastDay f;
    f.date = format_date(day);
    f.holiday = conditions.holidays().name(day).value_or("");
    if (const DailyWeather* w = conditions.weather(day)) {
      f.weather = true;
      f.mean_c = w->mean_c;
      f.humidity_pct = w->humidity_pct;
      f.precipitation_mm = w->precipitation_mm;
      f.discomfort = discomfort_index(w->mean_c, w->humidity_pct);
    }
    report.forecast_days.push_back(std::move(f));
  }
}

ProfilePredictions predict_for_batch(const Tables& tables, const Facts& facts, const BatchOptions& options,
                                     const DemandConditions& conditions, const ProfilePredictions* global) {
  PredictionInputs in;
  in.purchases = tables.purchases.rows;
  in.customers = facts.n;
  in.product_category = facts.product_category;
  in.product_codes = tables.purchases.products.names;
  in.categories = facts.categories;
  in.as_of = facts.as_of;
  in.conditions = &conditions;
  in.global = global;
  PredictionOptions o;
  o.threads = options.threads;
  o.fit_sample = options.fit_sample;
  return predict_profiles(in, o);
}

namespace {

// Each audience's first kListedKeys members in snapshot order
// (customer_order_key, ties by member key), which every part of a sharded
// batch can compute for its own and the merge for all.
void list_first_members(ReportData& report, const std::vector<std::int32_t>& audience, const Facts& facts,
                        const std::vector<std::string>& member_keys) {
  std::vector<std::vector<std::pair<std::uint64_t, std::size_t>>> members(report.dip_audiences.size());
  for (std::size_t c = 0; c < audience.size(); ++c)
    if (audience[c] >= 0)
      members[static_cast<std::size_t>(audience[c])].emplace_back(customer_order_key(facts.cust[c]), c);
  for (std::size_t a = 0; a < members.size(); ++a) {
    auto& m = members[a];
    const auto listed = std::min<std::size_t>(m.size(), kListedKeys);
    std::partial_sort(m.begin(), m.begin() + static_cast<std::ptrdiff_t>(listed), m.end(),
                      [&](const auto& x, const auto& y) {
                        return x.first != y.first ? x.first < y.first
                                                  : member_keys[x.second] < member_keys[y.second];
                      });
    for (std::size_t i = 0; i < listed; ++i)
      report.dip_audiences[a].member_keys.push_back(member_keys[m[i].second]);
  }
}

}  // namespace

void add_outlook_to_report(ReportData& report, const ProfilePredictions& p, const Facts& facts,
                           const Scores& scores, const std::vector<std::string>& member_keys) {
  const PredictionOptions defaults;
  for (const auto& o : p.outlook) {
    ForecastSeries f;
    f.category = p.categories[static_cast<std::size_t>(o.category)];
    f.first_day = format_date(o.first_history_day);
    f.actual = o.history;
    f.forecast = o.forecast;
    f.reference = o.reference;
    f.drop = defaults.dip_drop;
    f.dip_index = o.dips;
    for (std::size_t d : o.dips) f.dip_days.push_back(format_date(facts.as_of + 1 + static_cast<Day>(d)));
    report.forecasts.push_back(std::move(f));
  }

  // Rank-1 preference per customer, as make_profile ranks them (ties: first column).
  const std::size_t m = scores.model.categories.size();
  std::vector<std::int32_t> audience_of_column(m, -1);
  for (const auto& f : report.forecasts) {
    if (f.dip_days.empty()) continue;
    auto col = std::find(scores.model.categories.begin(), scores.model.categories.end(), f.category);
    if (col == scores.model.categories.end()) continue;
    audience_of_column[static_cast<std::size_t>(col - scores.model.categories.begin())] =
        static_cast<std::int32_t>(report.dip_audiences.size());
    DipAudience a;
    a.category = f.category;
    a.dip_days = f.dip_days;
    report.dip_audiences.push_back(std::move(a));
  }
  if (!report.dip_audiences.empty() && m > 0 && scores.index.size() >= facts.n * m) {
    std::vector<std::vector<std::int64_t>> per_store(report.dip_audiences.size(),
                                                     std::vector<std::int64_t>(facts.stores.size(), 0));
    std::vector<std::int32_t> audience(facts.n, -1);
    for (std::size_t c = 0; c < facts.n && c < member_keys.size(); ++c) {
      if (facts.purchase_days[c] == 0) continue;  // no purchases: no preference of their own
      const float* row = scores.index.data() + c * m;
      const auto best = static_cast<std::size_t>(std::max_element(row, row + m) - row);
      const auto a = audience_of_column[best];
      if (a < 0) continue;
      audience[c] = a;
      auto& aud = report.dip_audiences[static_cast<std::size_t>(a)];
      ++aud.customers;
    }
    list_first_members(report, audience, facts, member_keys);
    for (std::uint64_t v : facts.visits) {  // sorted distinct (customer, store) pairs
      const auto c = static_cast<std::size_t>(v >> 32);
      const auto s = static_cast<std::size_t>(v & 0xffffffffU);
      if (c < audience.size() && audience[c] >= 0 && s < facts.stores.size())
        ++per_store[static_cast<std::size_t>(audience[c])][s];
    }
    for (std::size_t a = 0; a < report.dip_audiences.size(); ++a)
      for (std::size_t s = 0; s < facts.stores.size(); ++s)
        if (per_store[a][s] > 0)
          report.dip_audiences[a].per_store.emplace_back(facts.stores[s], per_store[a][s]);
  }

  report.prediction_notes.emplace_back("baskets (customer-days)", std::to_string(p.baskets));
  report.prediction_notes.emplace_back("association rules (support ≥ " + general(defaults.rule_min_support) +
                                           " and ≥ " + std::to_string(defaults.rule_min_baskets) +
                                           " baskets, confidence ≥ " + general(defaults.rule_min_confidence) +
                                           ", item = product)",
                                       std::to_string(p.rules));
  const CompanionCheck& cc = p.companion_check;
  if (cc.ran)
    report.prediction_notes.emplace_back(
        "companion check (last " + std::to_string(defaults.companion_check_days) +
            " days held back): top companion vs most-bought unbought product, HR@1 / HR@5",
        fixed(cc.rules_hr1, 4) + " / " + fixed(cc.rules_hr5, 4) + " vs " + fixed(cc.popular_hr1, 4) + " / " +
            fixed(cc.popular_hr5, 4) + " on " + std::to_string(cc.customers) + " customers: " +
            (cc.rules_win ? "rules drive the companion coupon" : "the baseline wins, no companion coupon"));
  report.prediction_notes.emplace_back("recommended categories from", p.recommender);
  for (const auto& [stage, secs] : p.timings_s)
    report.prediction_notes.emplace_back("predictions: " + stage + " (s)", fixed(secs, 2));
}

}  // namespace smartstore::models::batch
