#include "batch_output.h"

#include "report_sums.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <numeric>

namespace smartstore::models::batch {
namespace {

std::vector<std::size_t> ranked(const Scores& s, std::size_t c) {
  const std::size_t m = s.model.categories.size();
  std::vector<std::size_t> order(m);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return s.index[c * m + a] > s.index[c * m + b]; });
  return order;
}

using nlohmann::json;

json scores_json(const ClassificationScore& c) {
  return {{"accuracy", c.accuracy}, {"macro_f1", c.macro_f1}, {"cases", c.cases}};
}

// Hold-out scores of report 002's classifier against the majority class.
json classifier_json(const Scores& s) {
  auto one = [](const SegmentEvaluation& e) {
    return json{{"majority", scores_json(e.majority)},
                {"nearest_centroid", scores_json(e.nearest_centroid)},
                {"logit", scores_json(e.logit)},
                {"chosen", std::string(to_string(e.chosen))}};
  };
  return {{"evaluated_members", s.classifier_evaluated},
          {"placed_members", s.classifier_placed},
          {"signup", one(s.signup_classifier)},
          {"signup_first_visit", one(s.first_visit_classifier)}};
}

}  // namespace

std::int64_t version_base(Day as_of) {
  const std::string d = format_date(as_of);  // YYYY-MM-DD
  return std::stoll(d.substr(0, 4) + d.substr(5, 2) + d.substr(8, 2)) * 10000 + 2359;
}

CustomerProfile make_profile(const Facts& f, const Scores& s, const std::vector<std::string>& keys,
                             std::uint32_t c, const BatchOptions& o) {
  CustomerProfile p;
  p.member_key = keys[c];
  p.gender = f.genders[f.gender[c]];
  p.age_band = f.ages[f.age[c]];
  p.home_zone = f.zone[c] >= 0 ? f.zones[static_cast<std::size_t>(f.zone[c])] : "";
  p.tier = s.tier[c];
  p.grade = s.grade[c];
  p.segment = s.segment[c];
  p.cluster = s.cluster[c];
  p.cluster_predicted = c < s.cluster_predicted.size() && s.cluster_predicted[c] != 0;
  if (p.cluster_predicted && p.cluster >= 0 &&
      static_cast<std::size_t>(p.cluster) < s.cluster_category.size())
    p.cluster_category = s.cluster_category[static_cast<std::size_t>(p.cluster)];
  p.behaviour_type = s.behaviour[c];
  const std::size_t m = s.model.categories.size();
  const std::size_t nc = f.categories.size();
  std::vector<std::int64_t> counts(m, 0);
  for (std::size_t k = 0; k < nc; ++k)
    if (s.model_of_category[k] >= 0)
      counts[static_cast<std::size_t>(s.model_of_category[k])] += f.counts[c * nc + k];
  // The top few plus every category bought: with the model in the manifest a
  // kiosk can recompute the whole ranking after a staff-recorded purchase.
  for (std::size_t col : ranked(s, c)) {
    const bool bought = counts[col] > 0;
    if (bought || p.preferences.size() < o.preferences_kept)
      p.preferences.push_back({s.model.categories[col],
                               std::round(static_cast<double>(s.index[c * m + col]) * 1000.0) / 1000.0,
                               counts[col]});
  }
  p.clv_3m_krw = std::round(s.clv[c].clv);
  p.p_alive = s.clv[c].p_alive;
  p.total_spend_krw = f.total_krw[c];
  p.purchase_days = f.purchase_days[c];
  if (f.purchase_days[c] > 0) p.last_purchase_date = format_date(f.last_day[c]);
  // companion_products, recommended_categories, next_purchase_date and
  // expected_spend_krw come from the predictive stage (apply_predictions).
  return p;
}

namespace {

void add_parameters(const Scores& s, ReportData& d) {
  auto num = [](double v) {
    char b[32];
    std::snprintf(b, sizeof b, "%.4f", v);
    return std::string(b);
  };
  if (s.bg) {
    d.parameters.push_back({"BG/NBD r, α, a, b", num(s.bg->params.r) + ", " + num(s.bg->params.alpha) + ", " +
                                                     num(s.bg->params.a) + ", " + num(s.bg->params.b)});
    d.parameters.push_back({"BG/NBD log-likelihood (sample)", num(s.bg->log_likelihood)});
  } else {
    d.parameters.push_back({"BG/NBD", "not fitted: " + s.bg.error().message()});
  }
  if (s.gg)
    d.parameters.push_back({"Gamma-Gamma p, q, v",
                            num(s.gg->params.p) + ", " + num(s.gg->params.q) + ", " + num(s.gg->params.v)});
  else
    d.parameters.push_back({"Gamma-Gamma", "not fitted: " + s.gg.error().message()});
  d.parameters.push_back({"fit sample (customers)", std::to_string(s.fit_rows)});
  d.parameters.push_back({"segment weights R, F, M, T, CLV",
                          num(s.weights.recency) + ", " + num(s.weights.frequency) + ", " +
                              num(s.weights.monetary) + ", " + num(s.weights.T) + ", " + num(s.weights.clv)});
}

}  // namespace

namespace {

// Report 002's classifier beside the majority class: what placed the members without purchases.
void add_classifier_parameters(const Scores& s, ReportData& d) {
  if (s.classifier_evaluated == 0) return;
  char line[320];
  auto row = [&](const char* name, const SegmentEvaluation& e) {
    std::snprintf(
        line, sizeof line,
        "chosen: %s. Accuracy / macro-F1 on %zu held-out members: logit %.3f / %.3f, nearest centroid "
        "%.3f / %.3f, majority class %.3f / %.3f",
        std::string(to_string(e.chosen)).c_str(), e.majority.cases, e.logit.accuracy, e.logit.macro_f1,
        e.nearest_centroid.accuracy, e.nearest_centroid.macro_f1, e.majority.accuracy, e.majority.macro_f1);
    d.parameters.emplace_back(name, line);
  };
  row("cluster classifier, sign-up facts (places members without purchases)", s.signup_classifier);
  row("cluster classifier, sign-up + first visit (measured only)", s.first_visit_classifier);
  d.parameters.emplace_back(kPlacedRow, std::to_string(s.classifier_placed));
}

}  // namespace

ReportData make_report_data(const Tables& t, const Facts& f, const Scores& s, const BatchResult& r) {
  ReportData d;
  d.as_of = format_date(f.as_of);
  d.version = r.version;
  finish_sums(report_sums(t, f, s), d);
  d.chosen_k = s.k;
  d.silhouettes = s.silhouettes;
  add_parameters(s, d);
  add_classifier_parameters(s, d);
  for (const auto& snap : r.snapshots)
    d.store_records.emplace_back(snap.store, static_cast<std::int64_t>(snap.records));
  d.skipped_rows = t.skipped;
  d.skipped_total = static_cast<std::int64_t>(t.skipped_total);
  return d;
}

nlohmann::json fit_summary(const Scores& s, const BatchOptions& o) {
  json j;
  // A failed fit reports zero parameters; BG/NBD's sample is the fit sample.
  BgNbdFit bg = s.bg.value_or(BgNbdFit{});
  if (!s.bg) bg.sample_size = s.fit_rows;
  const GammaGammaFit gg = s.gg.value_or(GammaGammaFit{});
  j["bgnbd"] = {{"ok", s.bg.has_value()},
                {"r", bg.params.r},
                {"alpha", bg.params.alpha},
                {"a", bg.params.a},
                {"b", bg.params.b},
                {"log_likelihood", bg.log_likelihood},
                {"sample_size", bg.sample_size}};
  j["gamma_gamma"] = {{"ok", s.gg.has_value()},
                      {"p", gg.params.p},
                      {"q", gg.params.q},
                      {"v", gg.params.v},
                      {"sample_size", gg.sample_size}};
  j["segment_weights"] = {{"recency", s.weights.recency},   {"frequency", s.weights.frequency},
                          {"monetary", s.weights.monetary}, {"T", s.weights.T},
                          {"clv", s.weights.clv},           {"learned", o.learn_segment_weights}};
  j["segment_classifier"] = classifier_json(s);
  j["preference_categories"] = s.model.categories.size();
  return j;
}

std::string summary_json(const ReportData& d, const Scores& s, const BatchResult& r, const Timings& timings,
                         const BatchOptions& o) {
  return summary_json(d, fit_summary(s, o), r, timings);
}

std::string summary_json(const ReportData& d, nlohmann::json fits, const BatchResult& r,
                         const Timings& timings) {
  auto dist = [](const std::vector<CountShare>& v) {
    json j = json::object();
    for (const auto& c : v) j[c.label] = {{"customers", c.customers}, {"revenue_krw", c.revenue_krw}};
    return j;
  };
  json j = std::move(fits);
  j["as_of"] = d.as_of;
  j["version"] = r.version;
  j["customers"] = d.customers;
  j["purchases"] = d.purchases;
  j["revenue_krw"] = d.revenue_krw;
  j["skipped_rows"] = d.skipped_total;
  j["tiers"] = dist(d.tiers);
  j["grades"] = dist(d.grades);
  j["segments"] = dist(d.segments);
  j["behaviour_types"] = dist(d.behaviour_types);
  j["kmeans"] = {{"k", d.chosen_k}, {"target_cluster", d.target_cluster}};
  for (const auto& [k, sil] : d.silhouettes) j["kmeans"]["silhouette"][std::to_string(k)] = sil;
  for (const auto& cl : d.clusters)
    j["kmeans"]["clusters"].push_back(
        {{"id", cl.id}, {"customers", cl.customers}, {"mean_spend_krw", cl.mean_spend_krw}});
  for (const auto& p : d.popup)
    j["popup_assortment"].push_back(
        {{"category", p.category}, {"spend_share", p.spend_share}, {"lift", p.lift}});
  for (const auto& f : d.forecasts)
    j["demand_outlook"].push_back({{"category", f.category},
                                   {"reference_krw_per_day", f.reference},
                                   {"forecast_krw", f.forecast},
                                   {"dip_days", f.dip_days}});
  for (const auto& f : d.forecast_days) {
    json day = {{"date", f.date}, {"holiday", f.holiday}};
    if (f.weather)
      day.update({{"mean_c", f.mean_c},
                  {"humidity_pct", f.humidity_pct},
                  {"precipitation_mm", f.precipitation_mm},
                  {"discomfort_index", f.discomfort}});
    j["forecast_days"].push_back(day);
  }
  for (const auto& a : d.dip_audiences) {
    json stores = json::object();
    for (const auto& [store, n] : a.per_store) stores[store] = n;
    j["dip_audience"].push_back({{"category", a.category},
                                 {"dip_days", a.dip_days},
                                 {"customers", a.customers},
                                 {"per_store", stores},
                                 {"member_keys", a.member_keys}});
  }
  for (const auto& [k, v] : d.prediction_notes) j["predictions"][k] = v;
  for (const auto& snap : r.snapshots)
    j["snapshots"].push_back({{"store", snap.store}, {"records", snap.records}, {"checksum", snap.checksum}});
  for (const auto& [stage, secs] : timings) j["timings_s"][stage] = secs;
  j["seconds"] = r.seconds;
  return j.dump(2) + "\n";
}

}  // namespace smartstore::models::batch
