// The mi_online_sales evaluations: next category / SKU, matrix factorization,
// purchase cycle and expected spend, each on a split at a day of the range.
#include "evaluation_parts.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>

#include "smartstore/common/civil_date.h"
#include "smartstore/models/expected_spend.h"
#include "smartstore/models/matrix_factorization.h"
#include "smartstore/models/next_category.h"
#include "smartstore/models/purchase_cycle.h"
#include "table_reader.h"

namespace smartstore::models::predictive {

namespace {

VisitHistory summaries(const std::vector<Visit>& visits, int before_day) {
  VisitHistory h;
  for (const auto& v : visits)
    if (v.day < before_day) h.push_back({v.day, v.spend, v.categories.size()});
  return h;
}
const Visit* first_visit_from(const std::vector<Visit>& visits, int day, int before_day) {
  for (const auto& v : visits)
    if (v.day >= day && v.day < before_day) return &v;
  return nullptr;
}

void next_item_rows(const std::vector<CustomerHistory>& customers, int cutoff, bool by_sku,
                    const std::string& label, std::vector<MetricRow>& rows) {
  std::unordered_map<std::string, std::uint32_t> ids;
  auto id_of = [&](const std::string& s) {
    return ids.emplace(s, static_cast<std::uint32_t>(ids.size())).first->second;
  };
  std::vector<SessionHistory> train(customers.size());
  std::vector<Session> target(customers.size());
  for (std::size_t c = 0; c < customers.size(); ++c)
    for (const auto& v : customers[c].visits) {
      Session s;
      for (const auto& item : by_sku ? v.skus : v.categories) s.push_back(id_of(item));
      if (v.day < cutoff)
        train[c].push_back(std::move(s));
      else if (target[c].empty())
        target[c] = std::move(s);
    }
  NextItemModel model(ids.size(), {});
  for (const auto& h : train) model.learn(h);
  const auto popular = model.most_popular(5);
  double hr = 0, nd = 0, hr_pop = 0, nd_pop = 0, hr_last = 0, nd_last = 0;
  std::size_t cases = 0;
  for (std::size_t c = 0; c < customers.size(); ++c) {
    if (train[c].empty() || target[c].empty()) continue;
    ++cases;
    const auto m = score_ranking(model.recommend(train[c], 5), target[c], 5);
    const auto p = score_ranking(popular, target[c], 5);
    // Last-item baseline: the last session's items, then popular ones.
    std::vector<std::uint32_t> last = train[c].back();
    for (auto item : popular)
      if (std::find(last.begin(), last.end(), item) == last.end()) last.push_back(item);
    last.resize(std::min<std::size_t>(last.size(), 5));
    const auto l = score_ranking(last, target[c], 5);
    hr += m.hit, nd += m.ndcg, hr_pop += p.hit, nd_pop += p.ndcg, hr_last += l.hit, nd_last += l.ndcg;
  }
  const double n = cases ? static_cast<double>(cases) : 1.0;
  const std::string model_name = "next " + label + " (transitions)";
  rows.push_back({model_name, "HR@5", hr / n, "popularity", hr_pop / n, true, cases});
  rows.push_back({model_name, "HR@5", hr / n, "last session", hr_last / n, true, cases});
  rows.push_back({model_name, "nDCG@5", nd / n, "popularity", nd_pop / n, true, cases});
  rows.push_back({model_name, "nDCG@5", nd / n, "last session", nd_last / n, true, cases});
}

void factorization_rows(const std::vector<CustomerHistory>& customers, int cutoff,
                        std::vector<MetricRow>& rows) {
  std::map<std::string, std::size_t> cat_ids;
  for (const auto& c : customers)
    for (const auto& v : c.visits)
      for (const auto& cat : v.categories) cat_ids.emplace(cat, 0);
  std::size_t next = 0;
  for (auto& [cat, id] : cat_ids) id = next++;
  SpendMatrix spend{customers.size(), cat_ids.size(),
                    std::vector<double>(customers.size() * cat_ids.size(), 0)};
  std::vector<std::vector<std::size_t>> bought_later(customers.size());
  for (std::size_t u = 0; u < customers.size(); ++u)
    for (const auto& v : customers[u].visits)
      for (const auto& cat : v.categories) {
        const std::size_t c = cat_ids[cat];
        // Spend is per visit, so split it evenly over the visit's categories.
        if (v.day < cutoff)
          spend.spend[u * spend.categories + c] += v.spend / static_cast<double>(v.categories.size());
        else
          bought_later[u].push_back(c);
      }
  const auto model = fit_factorization(spend, {});
  const auto als = fit_implicit_als(spend, {});
  std::vector<double> buyers(spend.categories, 0);
  for (std::size_t u = 0; u < spend.customers; ++u)
    for (std::size_t c = 0; c < spend.categories; ++c) buyers[c] += spend.at(u, c) > 0 ? 1 : 0;
  double hit = 0, hit_pop = 0, hit_als = 0;
  std::size_t cases = 0;
  for (std::size_t u = 0; u < spend.customers; ++u) {
    std::vector<std::size_t> fresh;
    bool any_before = false;
    for (std::size_t c = 0; c < spend.categories; ++c) any_before = any_before || spend.at(u, c) > 0;
    for (auto c : bought_later[u])
      if (spend.at(u, c) <= 0) fresh.push_back(c);
    if (!any_before || fresh.empty()) continue;
    ++cases;
    auto contains = [&](const std::vector<std::size_t>& rec) {
      return std::any_of(rec.begin(), rec.end(), [&](std::size_t c) {
        return std::find(fresh.begin(), fresh.end(), c) != fresh.end();
      });
    };
    hit += contains(recommend_unbought(model, spend, u, 2)) ? 1 : 0;
    hit_als += contains(recommend_unbought(als, spend, u, 2)) ? 1 : 0;
    std::vector<std::pair<double, std::size_t>> pop;
    for (std::size_t c = 0; c < spend.categories; ++c)
      if (spend.at(u, c) <= 0) pop.emplace_back(-buyers[c], c);
    std::sort(pop.begin(), pop.end());
    std::vector<std::size_t> top;
    for (std::size_t i = 0; i < std::min<std::size_t>(2, pop.size()); ++i) top.push_back(pop[i].second);
    hit_pop += contains(top) ? 1 : 0;
  }
  const double n = cases ? static_cast<double>(cases) : 1.0;
  rows.push_back({"matrix factorization (k=4, SGD)", "HR@2 new category", hit / n, "most-bought unbought",
                  hit_pop / n, true, cases});
  rows.push_back({"implicit ALS (k=4, alpha 10)", "HR@2 new category", hit_als / n, "most-bought unbought",
                  hit_pop / n, true, cases});
}

void cycle_and_spend_rows(const std::vector<CustomerHistory>& customers, int train_cutoff, int cutoff,
                          int end_day, std::vector<MetricRow>& rows) {
  std::vector<CycleExample> cycle_train;
  std::vector<SpendExample> spend_train;
  for (const auto& c : customers) {
    const auto past = summaries(c.visits, train_cutoff);
    const Visit* next = first_visit_from(c.visits, train_cutoff, cutoff);
    if (past.empty() || !next) continue;
    spend_train.push_back({past, train_cutoff, next->spend});
    if (past.size() >= 2)
      cycle_train.push_back({past, train_cutoff, static_cast<double>(next->day - past.back().day)});
  }
  const auto cycle = fit_purchase_cycle(cycle_train);
  const auto spend = fit_expected_spend(spend_train);
  double se = 0, ae = 0, se_b = 0, ae_b = 0, sle = 0, sae = 0, sle_b = 0, sae_b = 0;
  std::size_t n_cycle = 0, n_spend = 0;
  for (const auto& c : customers) {
    const auto past = summaries(c.visits, cutoff);
    const Visit* next = first_visit_from(c.visits, cutoff, end_day + 1);
    if (past.empty() || !next) continue;
    const double s_model = spend.predict(past, cutoff), s_base = median_spend_baseline(past);
    sle += std::pow(std::log1p(s_model) - std::log1p(next->spend), 2);
    sle_b += std::pow(std::log1p(s_base) - std::log1p(next->spend), 2);
    sae += std::abs(s_model - next->spend);
    sae_b += std::abs(s_base - next->spend);
    ++n_spend;
    if (past.size() < 2) continue;
    const double actual = next->day - past.back().day;
    const double m = cycle.predict_interval(past, cutoff), b = mean_interval_baseline(past);
    se += (m - actual) * (m - actual);
    ae += std::abs(m - actual);
    se_b += (b - actual) * (b - actual);
    ae_b += std::abs(b - actual);
    ++n_cycle;
  }
  const double nc = n_cycle ? static_cast<double>(n_cycle) : 1.0,
               ns = n_spend ? static_cast<double>(n_spend) : 1.0;
  rows.push_back({"purchase cycle (ridge)", "RMSE days", std::sqrt(se / nc), "mean own interval",
                  std::sqrt(se_b / nc), false, n_cycle});
  rows.push_back(
      {"purchase cycle (ridge)", "MAE days", ae / nc, "mean own interval", ae_b / nc, false, n_cycle});
  rows.push_back({"expected spend (ridge, log)", "RMSLE", std::sqrt(sle / ns), "own median",
                  std::sqrt(sle_b / ns), false, n_spend});
  rows.push_back({"expected spend (ridge, log)", "MAE", sae / ns, "own median", sae_b / ns, false, n_spend});
}

}  // namespace

Status evaluate_online_sales(const std::filesystem::path& file, double split_fraction,
                             std::vector<MetricRow>& rows, std::vector<std::string>& notes) {
  const auto read = read_online_sales(file);
  if (!read) return read.error();
  const std::vector<SaleLine>& lines = *read;
  const auto prices = cleaned_prices(lines);
  const auto customers = visits_by_customer(lines, prices);
  const int cutoff = split_day(lines, split_fraction);
  // The purchase-cycle and spend models learn at an earlier cut whose targets
  // end before `cutoff`, so nothing of the test period leaks into training.
  const int train_cutoff = split_day(lines, split_fraction - 0.25);
  const int end_day = split_day(lines, 1.0);
  notes.push_back("mi_online_sales: " + std::to_string(lines.size()) + " lines, " +
                  std::to_string(customers.size()) + " customers; sessions = customer-days; test from " +
                  format_date(cutoff) + ", cycle/spend trained at " + format_date(train_cutoff));
  next_item_rows(customers, cutoff, false, "category", rows);
  next_item_rows(customers, cutoff, true, "SKU", rows);
  factorization_rows(customers, cutoff, rows);
  cycle_and_spend_rows(customers, train_cutoff, cutoff, end_day, rows);
  companion_rows(lines, cutoff, rows, notes);
  return ok();
}

}  // namespace smartstore::models::predictive
