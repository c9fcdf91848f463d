// Preference index of report 000: Laplace-smoothed prior × P(age|c) ×
// P(gender|c), ln, shift so the minimum is 5, scale so the maximum is 100.
#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "smartstore/models/preference_model.h"
#include "smartstore/models/profile.h"

namespace smartstore::models {

std::vector<double> preference_index_from_logs(std::span<const double> logs) {
  std::vector<double> out(logs.begin(), logs.end());
  if (out.empty()) return out;
  const double lo = *std::min_element(out.begin(), out.end());
  const double shift = 5.0 - lo;
  double hi = 0;
  for (double l : out) hi = std::max(hi, l + shift);
  for (double& v : out) v = (v + shift) / hi * 100.0;
  return out;
}

std::vector<double> preference_index_from_posteriors(std::span<const double> posteriors) {
  std::vector<double> logs;
  logs.reserve(posteriors.size());
  for (double p : posteriors) logs.push_back(std::log(p));
  return preference_index_from_logs(logs);
}

std::vector<CategoryPreference> preference_indices(const PreferenceModel& model,
                                                   const std::map<std::string, std::int64_t>& counts,
                                                   const std::string& age_band, const std::string& gender) {
  std::vector<CategoryPreference> out;
  if (model.categories.empty()) return out;
  double total = 0;
  for (const auto& c : model.categories) {
    auto it = counts.find(c);
    total += static_cast<double>(it == counts.end() ? 0 : it->second) + 1.0;
  }
  auto likelihood = [](const auto& table, const std::string& c, const std::string& key) {
    if (key.empty()) return 1.0;
    auto row = table.find(c);
    if (row == table.end()) return 1.0;
    auto cell = row->second.find(key);
    // A group never seen in a category is rare there, not impossible: a small
    // floor keeps ln finite and the ranking total.
    return cell == row->second.end() ? 1e-6 : std::max(cell->second, 1e-6);
  };
  std::vector<double> logs;
  for (const auto& c : model.categories) {
    auto it = counts.find(c);
    const std::int64_t n = it == counts.end() ? 0 : it->second;
    const double prior = (static_cast<double>(n) + 1.0) / total;
    const double post = prior * likelihood(model.p_age_given_category, c, age_band) *
                        likelihood(model.p_gender_given_category, c, gender);
    logs.push_back(std::log(post));
    out.push_back({c, 0.0, n});
  }
  const auto index = preference_index_from_logs(logs);
  for (std::size_t i = 0; i < out.size(); ++i) out[i].index = index[i];
  std::stable_sort(out.begin(), out.end(),
                   [](const CategoryPreference& a, const CategoryPreference& b) { return a.index > b.index; });
  return out;
}

PreferenceModel build_preference_model(std::span<const CategoryObservation> observations) {
  std::map<std::string, std::map<std::string, double>> age, gender;
  std::map<std::string, double> age_total, gender_total;
  PreferenceModel model;
  std::map<std::string, bool> seen;
  for (const CategoryObservation& o : observations) {
    if (o.count <= 0) continue;
    std::string c(o.category);
    seen[c] = true;
    const auto n = static_cast<double>(o.count);
    if (!o.age_band.empty()) {
      age[c][std::string(o.age_band)] += n;
      age_total[c] += n;
    }
    if (!o.gender.empty()) {
      gender[c][std::string(o.gender)] += n;
      gender_total[c] += n;
    }
  }
  for (const auto& [c, unused] : seen) model.categories.push_back(c);
  for (auto& [c, row] : age)
    for (auto& [k, v] : row) model.p_age_given_category[c][k] = v / age_total[c];
  for (auto& [c, row] : gender)
    for (auto& [k, v] : row) model.p_gender_given_category[c][k] = v / gender_total[c];
  return model;
}

namespace {
std::vector<std::uint32_t> category_of_products(const PurchaseTable& purchases, const std::vector<Product>& products,
                                                std::vector<std::string>& names) {
  std::unordered_map<std::string, std::uint32_t> category_id;
  std::unordered_map<std::string, std::uint32_t> product_category;
  auto id_of = [&](const std::string& c) {
    auto [it, added] = category_id.try_emplace(c, static_cast<std::uint32_t>(names.size()));
    if (added) names.push_back(c);
    return it->second;
  };
  const std::uint32_t unknown = id_of("");
  for (const Product& p : products) product_category.emplace(p.pd_c, id_of(p.category));
  std::vector<std::uint32_t> out(purchases.products.size(), unknown);
  for (std::size_t i = 0; i < purchases.products.size(); ++i) {
    auto it = product_category.find(purchases.products.names[i]);
    if (it != product_category.end()) out[i] = it->second;
  }
  return out;
}
}  // namespace

std::vector<std::map<std::string, std::int64_t>> category_counts_by_customer(const PurchaseTable& purchases,
                                                                             const std::vector<Product>& products) {
  std::vector<std::string> names;
  const auto category = category_of_products(purchases, products, names);
  std::vector<std::map<std::string, std::int64_t>> out(purchases.customers.size());
  for (const Purchase& p : purchases.rows) ++out[p.customer][names[category[p.product]]];
  return out;
}

PreferenceModel build_preference_model(const std::vector<Customer>& customers, const PurchaseTable& purchases,
                                       const std::vector<Product>& products) {
  std::unordered_map<std::string, const Customer*> by_number;
  for (const Customer& c : customers) by_number.emplace(c.cust, &c);
  std::vector<std::string> names;
  const auto category = category_of_products(purchases, products, names);
  // Counts per (customer, category) first: far fewer observations than lines.
  std::map<std::pair<std::uint32_t, std::uint32_t>, std::int64_t> counts;
  for (const Purchase& p : purchases.rows) ++counts[{p.customer, category[p.product]}];
  std::vector<CategoryObservation> obs;
  obs.reserve(counts.size());
  static const std::string kNone;
  for (const auto& [key, n] : counts) {
    auto it = by_number.find(purchases.customers.name(key.first));
    const Customer* c = it == by_number.end() ? nullptr : it->second;
    obs.push_back({names[key.second], c ? c->age_band : kNone, c ? c->gender : kNone, n});
  }
  return build_preference_model(obs);
}

}  // namespace smartstore::models
