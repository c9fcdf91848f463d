// predict_profiles: two passes over the customers (both cores), between them
// the models that need everyone: Apriori over all baskets, category
// popularity, and the cycle and spend regressions on a sample.
#include "smartstore/models/profile_predictions.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <thread>

#include "customer_lines.h"
#include "smartstore/models/association_rules.h"
#include "smartstore/models/expected_spend.h"
#include "smartstore/models/purchase_cycle.h"

namespace smartstore::models {
namespace {

using Clock = std::chrono::steady_clock;
using predictive::Line;

// Learning the cycle and spend models as the batch will use them: what was
// known `kTrainHorizon` days before the as-of day, and the first visit after.
constexpr Day kTrainHorizon = 90;

template <class Work>
void in_parallel(unsigned threads, std::size_t n, Work&& work) {
  const unsigned workers = std::max(1U, threads);
  std::vector<std::thread> pool;
  for (unsigned w = 1; w < workers; ++w)
    pool.emplace_back([&, w] { work(w, n * w / workers, n * (w + 1) / workers); });
  work(0U, std::size_t{0}, n / workers);
  for (auto& t : pool) t.join();
}

struct FirstPass {
  FlatBaskets baskets;
  std::vector<std::int64_t> buyers;  // per category
  std::vector<CycleExample> cycle;
  std::vector<SpendExample> spend;
};

// Companion rules per item: rules whose lhs holds the item, best lift first.
std::vector<std::vector<std::uint32_t>> rules_by_item(const RuleSet& rules, std::size_t items) {
  std::vector<std::vector<std::uint32_t>> by(items);
  for (std::size_t r = 0; r < rules.rules.size(); ++r)
    for (ItemId x : rules.rules[r].lhs) by[x].push_back(static_cast<std::uint32_t>(r));
  return by;
}

}  // namespace

ProfilePredictions predict_profiles(const PredictionInputs& in, const PredictionOptions& o) {
  ProfilePredictions out;
  auto t = Clock::now();
  auto lap = [&](const char* stage) {
    const auto now = Clock::now();
    out.timings_s.emplace_back(stage, std::chrono::duration<double>(now - t).count());
    t = now;
  };
  const std::size_t n = in.customers;
  const std::size_t nc = in.categories.size();
  out.customers = n;
  out.companions_per_customer = o.companions;
  out.recommended_per_customer = o.recommended_categories;
  out.product_codes.assign(in.product_codes.begin(), in.product_codes.end());
  out.categories.assign(in.categories.begin(), in.categories.end());
  out.companions.assign(n * o.companions, ProfilePredictions::kNoProduct);
  out.recommended.assign(n * o.recommended_categories, -1);
  out.next_purchase.assign(n, ProfilePredictions::kNoDay);
  out.expected_spend_krw.assign(n, 0);
  out.recommender = "most-bought unbought categories (popularity baseline; MF does not beat it)";

  const auto by = predictive::rows_by_customer(in);
  const auto amounts = predictive::cleaned_amounts(in, o.threads);
  lap("group and clean prices");

  // Pass 1: baskets, buyers per category and the training sample.
  const Day train_cut = in.as_of + 1 - kTrainHorizon;
  const std::size_t stride = std::max<std::size_t>(1, n / std::max<std::size_t>(1, o.fit_sample));
  const unsigned workers = std::max(1U, o.threads);
  std::vector<FirstPass> part(workers);
  in_parallel(o.threads, n, [&](unsigned w, std::size_t from, std::size_t to) {
    FirstPass& p = part[w];
    p.baskets.item_count = in.product_codes.size();
    p.buyers.assign(nc, 0);
    std::vector<Line> lines;
    std::vector<char> bought(nc, 0);
    for (std::size_t c = from; c < to; ++c) {
      predictive::customer_lines(in, by, amounts, c, lines);
      if (lines.empty()) continue;
      std::fill(bought.begin(), bought.end(), 0);
      for (std::size_t i = 0; i < lines.size(); ++i) {
        if (lines[i].category >= 0) bought[static_cast<std::size_t>(lines[i].category)] = 1;
        // Lines are ordered by (day, product): distinct products per day.
        if (i > 0 && lines[i].day == lines[i - 1].day && lines[i].product == lines[i - 1].product) continue;
        if (i > 0 && lines[i].day != lines[i - 1].day) p.baskets.offsets.push_back(p.baskets.items.size());
        p.baskets.items.push_back(lines[i].product);
      }
      p.baskets.offsets.push_back(p.baskets.items.size());
      for (std::size_t k = 0; k < nc; ++k) p.buyers[k] += bought[k];
      if (c % stride != 0) continue;
      const auto past = predictive::visits_of(lines, train_cut);
      auto next = std::find_if(lines.begin(), lines.end(), [&](const Line& l) { return l.day >= train_cut; });
      if (past.empty() || next == lines.end()) continue;
      double next_spend = 0;
      for (auto it = next; it != lines.end() && it->day == next->day; ++it) next_spend += static_cast<double>(it->amount);
      p.spend.push_back({past, train_cut, next_spend});
      if (past.size() >= 2) p.cycle.push_back({past, train_cut, static_cast<double>(next->day - past.back().day)});
    }
  });
  FirstPass all = std::move(part[0]);
  for (unsigned w = 1; w < workers; ++w) {
    const auto base = all.baskets.items.size();
    all.baskets.items.insert(all.baskets.items.end(), part[w].baskets.items.begin(), part[w].baskets.items.end());
    for (std::size_t b = 1; b < part[w].baskets.offsets.size(); ++b)
      all.baskets.offsets.push_back(base + part[w].baskets.offsets[b]);
    for (std::size_t k = 0; k < nc; ++k) all.buyers[k] += part[w].buyers[k];
    all.cycle.insert(all.cycle.end(), part[w].cycle.begin(), part[w].cycle.end());
    all.spend.insert(all.spend.end(), part[w].spend.begin(), part[w].spend.end());
  }
  part.clear();
  all.baskets.item_count = in.product_codes.size();
  lap("baskets and samples");

  AprioriOptions ao;
  const double baskets_n = static_cast<double>(std::max<std::size_t>(all.baskets.size(), 1));
  ao.min_support = std::max(o.rule_min_support, static_cast<double>(o.rule_min_baskets) / baskets_n);
  ao.min_confidence = o.rule_min_confidence;
  ao.min_len = 2;  // {} => {y} says nothing about what goes with what the customer bought
  ao.max_len = o.rule_max_len;
  ao.threads = o.threads;
  const RuleSet rules = mine_rules(all.baskets, ao);
  out.baskets = rules.baskets;
  out.rules = rules.rules.size();
  out.frequent_itemsets = rules.frequent_itemsets;
  all.baskets = FlatBaskets{};
  const auto rules_of = rules_by_item(rules, in.product_codes.size());
  lap("association rules");

  const bool have_cycle = all.cycle.size() >= 10, have_spend = all.spend.size() >= 10;
  const PurchaseCycleModel cycle = have_cycle ? fit_purchase_cycle(all.cycle) : PurchaseCycleModel{};
  const ExpectedSpendModel spend = have_spend ? fit_expected_spend(all.spend) : ExpectedSpendModel{};
  std::vector<std::size_t> popular(nc);
  for (std::size_t k = 0; k < nc; ++k) popular[k] = k;
  std::stable_sort(popular.begin(), popular.end(),
                   [&](std::size_t a, std::size_t b) { return all.buyers[a] > all.buyers[b]; });
  lap("fit cycle and spend");

  // Pass 2: every customer's predictions, written into their own slots.
  const Day predict_day = in.as_of + 1;
  in_parallel(o.threads, n, [&](unsigned, std::size_t from, std::size_t to) {
    std::vector<Line> lines;
    std::vector<ItemId> owned;
    std::vector<char> bought(nc, 0);
    std::vector<std::uint32_t> candidates;
    std::vector<ItemId> offered;
    for (std::size_t c = from; c < to; ++c) {
      predictive::customer_lines(in, by, amounts, c, lines);
      if (lines.empty()) continue;
      owned.clear();
      std::fill(bought.begin(), bought.end(), 0);
      for (const auto& l : lines) {
        owned.push_back(l.product);
        if (l.category >= 0) bought[static_cast<std::size_t>(l.category)] = 1;
      }
      std::sort(owned.begin(), owned.end());
      owned.erase(std::unique(owned.begin(), owned.end()), owned.end());

      // Companions: per owned item its rules in lift order, stopping once it
      // has offered `companions` distinct products (later ones lose on lift).
      candidates.clear();
      for (ItemId x : owned) {
        offered.clear();
        for (std::uint32_t r : rules_of[x]) {
          const auto& rule = rules.rules[r];
          if (std::binary_search(owned.begin(), owned.end(), rule.rhs)) continue;
          if (!std::includes(owned.begin(), owned.end(), rule.lhs.begin(), rule.lhs.end())) continue;
          candidates.push_back(r);
          if (std::find(offered.begin(), offered.end(), rule.rhs) == offered.end()) offered.push_back(rule.rhs);
          if (offered.size() >= o.companions) break;
        }
      }
      std::sort(candidates.begin(), candidates.end());
      std::size_t kept = 0;
      std::uint32_t* slot = out.companions.data() + c * o.companions;
      for (std::uint32_t r : candidates) {
        if (kept >= o.companions) break;
        const ItemId rhs = rules.rules[r].rhs;
        if (std::find(slot, slot + kept, rhs) != slot + kept) continue;
        slot[kept++] = rhs;
      }

      std::size_t rec = 0;
      for (std::size_t k : popular) {
        if (rec >= o.recommended_categories) break;
        if (!bought[k]) out.recommended[c * o.recommended_categories + rec++] = static_cast<std::int32_t>(k);
      }

      const auto visits = predictive::visits_of(lines, predict_day);
      if (visits.size() >= 2 && have_cycle) out.next_purchase[c] = cycle.next_purchase_day(visits, predict_day);
      if (!visits.empty())
        out.expected_spend_krw[c] = std::llround(have_spend ? spend.predict(visits, predict_day)
                                                            : median_spend_baseline(visits));
    }
  });
  lap("customer predictions");
  out.outlook = predictive::demand_outlook(in, o);
  lap("demand outlook");
  return out;
}

void apply_predictions(const ProfilePredictions& p, std::uint32_t customer, CustomerProfile& profile) {
  if (customer >= p.customers) return;
  profile.companion_products.clear();
  for (std::size_t i = 0; i < p.companions_per_customer; ++i) {
    const auto item = p.companions[customer * p.companions_per_customer + i];
    if (item != ProfilePredictions::kNoProduct) profile.companion_products.push_back(p.product_codes[item]);
  }
  profile.recommended_categories.clear();
  for (std::size_t i = 0; i < p.recommended_per_customer; ++i) {
    const auto cat = p.recommended[customer * p.recommended_per_customer + i];
    if (cat >= 0) profile.recommended_categories.push_back(p.categories[static_cast<std::size_t>(cat)]);
  }
  const Day next = p.next_purchase[customer];
  profile.next_purchase_date = next == ProfilePredictions::kNoDay ? "" : format_date(next);
  profile.expected_spend_krw = p.expected_spend_krw[customer];
}

}  // namespace smartstore::models
