#include "report_sums.h"

#include <algorithm>
#include <numeric>

namespace smartstore::models::batch {
namespace {

std::vector<CountShare> tally(const std::vector<std::string>& labels, const std::vector<std::string>& order,
                              const Facts& f) {
  std::vector<CountShare> out;
  for (const auto& l : order) out.push_back({l, 0, 0});
  for (std::size_t i = 0; i < labels.size(); ++i)
    for (auto& o : out)
      if (o.label == labels[i]) {
        ++o.customers;
        o.revenue_krw += f.total_krw[i];
        break;
      }
  return out;
}

// Purchase lines per model column, and the index summed per segment.
void sum_heat(const Facts& f, const Scores& s, ReportSums& r) {
  const std::size_t m = s.model.categories.size();
  const std::size_t nc = f.categories.size();
  r.model_categories = s.model.categories;
  r.lines.assign(m, 0);
  r.heat.assign(kSegments * m, ExactSum{});
  for (std::size_t i = 0; i < f.n; ++i)
    for (std::size_t k = 0; k < nc; ++k)
      if (s.model_of_category[k] >= 0)
        r.lines[static_cast<std::size_t>(s.model_of_category[k])] += f.counts[i * nc + k];
  for (std::size_t i = 0; i < f.n; ++i) {
    const auto g = s.segment_id[i];
    if (g >= kSegments) continue;
    ++r.segment_members[g];
    for (std::size_t j = 0; j < m; ++j) r.heat[g * m + j].add(static_cast<double>(s.index[i * m + j]));
  }
}

// Spend per cluster and category, and over all customers; the clustered
// customers' sizes and sums.
void sum_clusters(const Tables& t, const Facts& f, const Scores& s, ReportSums& r) {
  const auto k = static_cast<std::size_t>(std::max(s.k, 0));
  const std::size_t nc = f.categories.size();
  r.categories = f.categories;
  r.spend.assign((k + 1) * nc, 0.0);
  r.cluster_customers.assign(k, 0);
  r.cluster_spend_krw.assign(k, 0);
  r.cluster_frequency.assign(k, 0.0);
  r.cluster_clv.assign(k, ExactSum{});
  if (k == 0) return;
  for (const auto& row : t.purchases.rows) {
    const auto cat = f.product_category[row.product];
    const int cl = s.cluster[row.customer];
    if (cat < 0 || cl < 0) continue;
    r.spend[static_cast<std::size_t>(cl) * nc + static_cast<std::size_t>(cat)] +=
        static_cast<double>(row.amount_krw);
    r.spend[k * nc + static_cast<std::size_t>(cat)] += static_cast<double>(row.amount_krw);
  }
  for (std::size_t i = 0; i < f.n; ++i) {
    if (s.cluster[i] < 0 || (i < s.cluster_predicted.size() && s.cluster_predicted[i])) continue;
    const auto c = static_cast<std::size_t>(s.cluster[i]);
    ++r.cluster_customers[c];
    r.cluster_spend_krw[c] += f.total_krw[i];
    r.cluster_frequency[c] += s.rfmt[i].frequency;
    r.cluster_clv[c].add(s.clv[i].clv);
  }
}

// Heat map: mean index per segment over the most bought categories.
void finish_heat(const ReportSums& r, ReportData& d) {
  const std::size_t m = r.model_categories.size();
  std::vector<std::size_t> cols(m);
  std::iota(cols.begin(), cols.end(), std::size_t{0});
  std::stable_sort(cols.begin(), cols.end(),
                   [&](std::size_t a, std::size_t b) { return r.lines[a] > r.lines[b]; });
  cols.resize(std::min<std::size_t>(cols.size(), 15));
  for (const auto& seg : d.segments) d.heat_segments.push_back(seg.label);
  for (std::size_t c : cols) d.heat_categories.push_back(r.model_categories[c]);
  for (std::size_t g = 0; g < kSegments; ++g) {
    std::vector<double> row;
    for (std::size_t c : cols)
      row.push_back(
          r.segment_members[g] ? r.heat[g * m + c].value() / static_cast<double>(r.segment_members[g]) : 0.0);
    d.heat.push_back(std::move(row));
  }
}

// Clusters: size, means and where their money goes; the highest-spending
// one is the target cluster.
void finish_clusters(const ReportSums& r, ReportData& d) {
  const std::size_t k = r.cluster_customers.size();
  const std::size_t nc = r.categories.size();
  double best = -1;
  for (std::size_t c = 0; c < k; ++c) {
    ClusterSummary cl;
    cl.id = static_cast<int>(c);
    cl.customers = r.cluster_customers[c];
    const double n = std::max<double>(1.0, static_cast<double>(cl.customers));
    cl.mean_spend_krw = static_cast<double>(r.cluster_spend_krw[c]) / n;
    cl.mean_frequency = r.cluster_frequency[c] / n;
    cl.mean_clv_krw = r.cluster_clv[c].value() / n;
    const double* sp = r.spend.data() + c * nc;
    const double total = std::accumulate(sp, sp + nc, 0.0);
    std::vector<std::size_t> order(nc);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return sp[a] > sp[b]; });
    for (std::size_t j = 0; j < std::min<std::size_t>(5, nc); ++j)
      if (total > 0) cl.top_categories.emplace_back(r.categories[order[j]], sp[order[j]] / total);
    if (cl.customers > 0 && cl.mean_spend_krw > best) best = cl.mean_spend_krw, d.target_cluster = cl.id;
    d.clusters.push_back(std::move(cl));
  }
}

// Report 002's pop-up store: what the high-spend cluster buys more than the
// other customers do (lift), among categories with a real share of its spend.
void finish_popup(const ReportSums& r, ReportData& d) {
  const std::size_t k = r.cluster_customers.size();
  const std::size_t nc = r.categories.size();
  const double* all = r.spend.data() + k * nc;
  const double all_total = std::accumulate(all, all + nc, 0.0);
  if (d.target_cluster < 0 || all_total <= 0) return;
  const double* sp = r.spend.data() + static_cast<std::size_t>(d.target_cluster) * nc;
  const double total = std::accumulate(sp, sp + nc, 0.0);
  const double rest_total = all_total - total;
  for (std::size_t j = 0; j < nc && total > 0; ++j) {
    const double share = sp[j] / total;
    const double rest_share = rest_total > 0 ? (all[j] - sp[j]) / rest_total : 0.0;
    if (share >= 0.01)
      d.popup.push_back({r.categories[j], share, rest_share > 0 ? share / rest_share : 99.0});
  }
  std::stable_sort(d.popup.begin(), d.popup.end(),
                   [](const PopupItem& a, const PopupItem& b) { return a.lift > b.lift; });
  if (d.popup.size() > 6) d.popup.resize(6);
}

template <class T>
Status add_same_size(std::vector<T>& into, const std::vector<T>& part, const char* what) {
  if (into.size() != part.size())
    return fail(ErrorKind::invalid_input, std::string("a part's report counted other ") + what, "models");
  for (std::size_t i = 0; i < into.size(); ++i) {
    if constexpr (std::is_same_v<T, ExactSum>)
      into[i].add(part[i]);
    else if constexpr (std::is_same_v<T, CountShare>)
      into[i].customers += part[i].customers, into[i].revenue_krw += part[i].revenue_krw;
    else
      into[i] += part[i];
  }
  return ok();
}

}  // namespace

ReportSums report_sums(const Tables& t, const Facts& f, const Scores& s) {
  ReportSums r;
  r.customers = static_cast<std::int64_t>(f.n);
  r.purchases = static_cast<std::int64_t>(t.purchases.rows.size());
  for (auto v : f.total_krw) r.revenue_krw += v;
  r.tiers = tally(s.tier, {"star", "butterfly", "chicken_rib", "excluded"}, f);
  r.grades = tally(s.grade, {"VIP", "G3", "G2", "G1"}, f);
  r.segments = tally(s.segment, {"VIP", "Gold", "Silver", "Bronze", "At Risk"}, f);
  r.behaviour_types = tally(s.behaviour, {"meticulous", "mania", "easygoing"}, f);
  sum_heat(f, s, r);
  sum_clusters(t, f, s, r);
  r.classifier_placed = static_cast<std::int64_t>(s.classifier_placed);
  return r;
}

Status add_sums(ReportSums& into, const ReportSums& p) {
  if (into.model_categories != p.model_categories || into.categories != p.categories)
    return fail(ErrorKind::invalid_input, "a part's report has other categories", "models");
  into.customers += p.customers;
  into.purchases += p.purchases;
  into.revenue_krw += p.revenue_krw;
  into.classifier_placed += p.classifier_placed;
  for (std::size_t g = 0; g < kSegments; ++g) into.segment_members[g] += p.segment_members[g];
  for (auto s : {add_same_size(into.tiers, p.tiers, "tiers"), add_same_size(into.grades, p.grades, "grades"),
                 add_same_size(into.segments, p.segments, "segments"),
                 add_same_size(into.behaviour_types, p.behaviour_types, "behaviour types"),
                 add_same_size(into.lines, p.lines, "columns"), add_same_size(into.heat, p.heat, "columns"),
                 add_same_size(into.cluster_customers, p.cluster_customers, "clusters"),
                 add_same_size(into.cluster_spend_krw, p.cluster_spend_krw, "clusters"),
                 add_same_size(into.cluster_frequency, p.cluster_frequency, "clusters"),
                 add_same_size(into.cluster_clv, p.cluster_clv, "clusters"),
                 add_same_size(into.spend, p.spend, "clusters")})
    if (!s) return s;
  return ok();
}

void finish_sums(const ReportSums& r, ReportData& d) {
  d.customers = r.customers;
  d.purchases = r.purchases;
  d.revenue_krw = r.revenue_krw;
  d.tiers = r.tiers;
  d.grades = r.grades;
  d.segments = r.segments;
  d.behaviour_types = r.behaviour_types;
  finish_heat(r, d);
  finish_clusters(r, d);
  finish_popup(r, d);
}

namespace {

nlohmann::json shares_json(const std::vector<CountShare>& v) {
  auto j = nlohmann::json::array();
  for (const auto& c : v) j.push_back({c.label, c.customers, c.revenue_krw});
  return j;
}

std::vector<CountShare> shares_from(const nlohmann::json& j) {
  std::vector<CountShare> v;
  for (const auto& c : j)
    v.push_back({c.at(0).get<std::string>(), c.at(1).get<std::int64_t>(), c.at(2).get<std::int64_t>()});
  return v;
}

nlohmann::json exact_json(const std::vector<ExactSum>& v) {
  auto j = nlohmann::json::array();
  for (const auto& s : v) j.push_back(s.to_json());
  return j;
}

std::vector<ExactSum> exact_from(const nlohmann::json& j) {
  std::vector<ExactSum> v;
  for (const auto& s : j) v.push_back(ExactSum::from_json(s));
  return v;
}

}  // namespace

nlohmann::json sums_to_json(const ReportSums& r) {
  return {{"customers", r.customers},
          {"purchases", r.purchases},
          {"revenue_krw", r.revenue_krw},
          {"tiers", shares_json(r.tiers)},
          {"grades", shares_json(r.grades)},
          {"segments", shares_json(r.segments)},
          {"behaviour_types", shares_json(r.behaviour_types)},
          {"model_categories", r.model_categories},
          {"lines", r.lines},
          {"segment_members", r.segment_members},
          {"heat", exact_json(r.heat)},
          {"cluster_customers", r.cluster_customers},
          {"cluster_spend_krw", r.cluster_spend_krw},
          {"cluster_frequency", r.cluster_frequency},
          {"cluster_clv", exact_json(r.cluster_clv)},
          {"categories", r.categories},
          {"spend", r.spend},
          {"classifier_placed", r.classifier_placed}};
}

ReportSums sums_from_json(const nlohmann::json& j) {
  ReportSums r;
  r.customers = j.at("customers").get<std::int64_t>();
  r.purchases = j.at("purchases").get<std::int64_t>();
  r.revenue_krw = j.at("revenue_krw").get<std::int64_t>();
  r.tiers = shares_from(j.at("tiers"));
  r.grades = shares_from(j.at("grades"));
  r.segments = shares_from(j.at("segments"));
  r.behaviour_types = shares_from(j.at("behaviour_types"));
  j.at("model_categories").get_to(r.model_categories);
  j.at("lines").get_to(r.lines);
  j.at("segment_members").get_to(r.segment_members);
  r.heat = exact_from(j.at("heat"));
  j.at("cluster_customers").get_to(r.cluster_customers);
  j.at("cluster_spend_krw").get_to(r.cluster_spend_krw);
  j.at("cluster_frequency").get_to(r.cluster_frequency);
  r.cluster_clv = exact_from(j.at("cluster_clv"));
  j.at("categories").get_to(r.categories);
  j.at("spend").get_to(r.spend);
  r.classifier_placed = j.at("classifier_placed").get<std::int64_t>();
  return r;
}

}  // namespace smartstore::models::batch
