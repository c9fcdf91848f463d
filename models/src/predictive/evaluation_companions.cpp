// Companion products (report 001) on mi_online_sales: the batch's own
// predict_profiles on the purchases before the split, against the products
// most customers bought that this one has not, each scored on the products
// the customer buys for the first time in the test period.
#include <algorithm>
#include <unordered_map>

#include "evaluation_parts.h"
#include "smartstore/models/profile_predictions.h"

namespace smartstore::models::predictive {

namespace {

struct CompanionData {
  std::vector<Purchase> before;  // rows before the split
  std::vector<std::string> products, categories;
  std::vector<std::int32_t> product_category;            // product -> category
  std::vector<std::vector<std::uint32_t>> owned, fresh;  // per customer: before / first bought after
};

std::uint32_t id_of(std::unordered_map<std::string, std::uint32_t>& ids, const std::string& name,
                    std::vector<std::string>& names) {
  const auto [it, added] = ids.emplace(name, static_cast<std::uint32_t>(names.size()));
  if (added) names.push_back(name);
  return it->second;
}

void sort_unique(std::vector<std::uint32_t>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

CompanionData companion_data(const std::vector<SaleLine>& lines, int cutoff) {
  CompanionData d;
  std::unordered_map<std::string, std::uint32_t> customers, products, categories;
  std::vector<std::string> customer_names;
  for (const auto& l : lines) {
    const auto c = id_of(customers, l.customer, customer_names);
    const auto p = id_of(products, l.sku, d.products);
    if (p == d.product_category.size())
      d.product_category.push_back(static_cast<std::int32_t>(id_of(categories, l.category, d.categories)));
    if (c == d.owned.size()) d.owned.emplace_back(), d.fresh.emplace_back();
    if (l.day < cutoff) {
      Purchase row;
      row.customer = c;
      row.product = p;
      row.day = l.day;
      row.quantity = static_cast<std::int32_t>(std::max(1.0, l.quantity));
      row.amount_krw = static_cast<std::int64_t>(l.price * l.quantity);
      d.before.push_back(row);
      d.owned[c].push_back(p);
    } else {
      d.fresh[c].push_back(p);
    }
  }
  for (std::size_t c = 0; c < d.owned.size(); ++c) {
    sort_unique(d.owned[c]);
    sort_unique(d.fresh[c]);
    auto& f = d.fresh[c];
    f.erase(std::remove_if(
                f.begin(), f.end(),
                [&](std::uint32_t p) { return std::binary_search(d.owned[c].begin(), d.owned[c].end(), p); }),
            f.end());
  }
  return d;
}

}  // namespace

namespace {

struct Scores {
  double at1 = 0, at5 = 0;
  void add(std::size_t rank) {  // rank of the first product bought, from 0; SIZE_MAX none
    at1 += rank == 0 ? 1 : 0;
    at5 += rank < 5 ? 1 : 0;
  }
};

std::size_t first_bought(const std::vector<std::uint32_t>& offered, const std::vector<std::uint32_t>& fresh) {
  for (std::size_t i = 0; i < offered.size(); ++i)
    if (std::binary_search(fresh.begin(), fresh.end(), offered[i])) return i;
  return static_cast<std::size_t>(-1);
}

// Each customer's companions (product ids) as the batch would write them.
std::vector<std::vector<std::uint32_t>> companions_of(const CompanionData& d, int cutoff,
                                                      CompanionRanking ranking, std::size_t& rules) {
  PredictionInputs in;
  in.purchases = d.before;
  in.customers = d.owned.size();
  in.product_category = d.product_category;
  in.product_codes = d.products;
  in.categories = d.categories;
  in.as_of = cutoff - 1;
  PredictionOptions o;
  o.companion_ranking = ranking;
  o.check_companions = false;  // the rules as mined, scored here
  const ProfilePredictions predicted = predict_profiles(in, o);
  rules = predicted.rules;
  std::unordered_map<std::string, std::uint32_t> product_of;
  for (std::uint32_t p = 0; p < d.products.size(); ++p) product_of.emplace(d.products[p], p);
  std::vector<std::vector<std::uint32_t>> out(d.owned.size());
  for (std::uint32_t c = 0; c < d.owned.size(); ++c) {
    CustomerProfile profile;
    apply_predictions(predicted, c, profile);
    for (const auto& code : profile.companion_products) out[c].push_back(product_of.at(code));
  }
  return out;
}

// The most-bought products (by buyers before the split) the customer lacks.
std::vector<std::uint32_t> popular_unbought(const std::vector<std::uint32_t>& popular,
                                            const std::vector<std::uint32_t>& owned) {
  std::vector<std::uint32_t> top;
  for (auto p : popular) {
    if (top.size() == 5) break;
    if (!std::binary_search(owned.begin(), owned.end(), p)) top.push_back(p);
  }
  return top;
}

}  // namespace

void companion_rows(const std::vector<SaleLine>& lines, int cutoff, std::vector<MetricRow>& rows,
                    std::vector<std::string>& notes) {
  const CompanionData d = companion_data(lines, cutoff);
  std::size_t rules = 0;
  const auto by_lift = companions_of(d, cutoff, CompanionRanking::lift, rules);
  const auto by_confidence = companions_of(d, cutoff, CompanionRanking::confidence, rules);
  std::vector<std::int64_t> buyers(d.products.size(), 0);
  for (const auto& owned : d.owned)
    for (auto p : owned) ++buyers[p];
  std::vector<std::uint32_t> popular(d.products.size());
  for (std::uint32_t p = 0; p < popular.size(); ++p) popular[p] = p;
  std::stable_sort(popular.begin(), popular.end(), [&](auto a, auto b) { return buyers[a] > buyers[b]; });

  Scores lift, confidence, pop;
  std::size_t cases = 0, without = 0;
  for (std::uint32_t c = 0; c < d.owned.size(); ++c) {
    if (d.owned[c].empty() || d.fresh[c].empty()) continue;
    if (by_lift[c].empty()) {
      ++without;
      continue;
    }
    ++cases;
    lift.add(first_bought(by_lift[c], d.fresh[c]));
    confidence.add(first_bought(by_confidence[c], d.fresh[c]));
    pop.add(first_bought(popular_unbought(popular, d.owned[c]), d.fresh[c]));
  }
  const double n = cases ? static_cast<double>(cases) : 1.0;
  for (const auto& [name, s] :
       {std::pair{"companions (rules by lift)", lift}, {"companions (by confidence)", confidence}}) {
    rows.push_back({name, "HR@1 new product", s.at1 / n, "most-bought unbought", pop.at1 / n, true, cases});
    rows.push_back({name, "HR@5 new product", s.at5 / n, "most-bought unbought", pop.at5 / n, true, cases});
  }
  notes.push_back("companions: " + std::to_string(rules) + " rules from the baskets before the split; " +
                  std::to_string(cases) +
                  " customers who buy a new product in the test period carry companions, " +
                  std::to_string(without) + " do not (scored on the first group only)");
}

}  // namespace smartstore::models::predictive
