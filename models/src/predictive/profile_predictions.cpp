// predict_profiles: two passes over the customers (both cores), between them
// the models that need everyone: Apriori over all baskets, category
// popularity, and the cycle and spend regressions on a sample.
#include "smartstore/models/profile_predictions.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <limits>
#include <string_view>
#include <unordered_map>

#include "customer_lines.h"
#include "smartstore/common/parallel.h"
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

struct FirstPass {
  FlatBaskets baskets;
  std::vector<std::int64_t> buyers;  // per category
  std::vector<CycleExample> cycle;
  std::vector<SpendExample> spend;
};

// Companion rules per item: rules whose lhs holds the item, best first
// (rules come by lift; by confidence when that ranks them).
std::vector<std::vector<std::uint32_t>> rules_by_item(const RuleSet& rules, std::size_t items,
                                                      CompanionRanking ranking) {
  std::vector<std::vector<std::uint32_t>> by(items);
  for (std::size_t r = 0; r < rules.rules.size(); ++r)
    for (ItemId x : rules.rules[r].lhs) by[x].push_back(static_cast<std::uint32_t>(r));
  if (ranking == CompanionRanking::confidence)
    for (auto& list : by)
      std::stable_sort(list.begin(), list.end(), [&](std::uint32_t a, std::uint32_t b) {
        return rules.rules[a].confidence > rules.rules[b].confidence;
      });
  return by;
}

ProfilePredictions empty_predictions(const PredictionInputs& in, const PredictionOptions& o) {
  ProfilePredictions out;
  const std::size_t n = in.customers;
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
  return out;
}

// One customer's share of pass 1: their baskets (distinct products per day),
// the categories they bought and, for every `stride`-th customer, the
// training examples of the cycle and spend models.
void add_customer(const std::vector<Line>& lines, std::size_t c, std::size_t stride, Day train_cut,
                  std::vector<char>& bought, FirstPass& p) {
  std::fill(bought.begin(), bought.end(), 0);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].category >= 0) bought[static_cast<std::size_t>(lines[i].category)] = 1;
    // Lines are ordered by (day, product): distinct products per day.
    if (i > 0 && lines[i].day == lines[i - 1].day && lines[i].product == lines[i - 1].product) continue;
    if (i > 0 && lines[i].day != lines[i - 1].day) p.baskets.offsets.push_back(p.baskets.items.size());
    p.baskets.items.push_back(lines[i].product);
  }
  p.baskets.offsets.push_back(p.baskets.items.size());
  for (std::size_t k = 0; k < bought.size(); ++k) p.buyers[k] += bought[k];
  if (c % stride != 0) return;
  const auto past = predictive::visits_of(lines, train_cut);
  auto next = std::find_if(lines.begin(), lines.end(), [&](const Line& l) { return l.day >= train_cut; });
  if (past.empty() || next == lines.end()) return;
  double next_spend = 0;
  for (auto it = next; it != lines.end() && it->day == next->day; ++it)
    next_spend += static_cast<double>(it->amount);
  p.spend.push_back({past, train_cut, next_spend});
  if (past.size() >= 2)
    p.cycle.push_back({past, train_cut, static_cast<double>(next->day - past.back().day)});
}

// Pass 1 over every customer, each worker on its own block; the parts are
// joined in worker order, so the baskets come out in customer order.
FirstPass first_pass(const PredictionInputs& in, const predictive::CustomerRows& by,
                     const std::vector<float>& amounts, const PredictionOptions& o) {
  const std::size_t n = in.customers;
  const std::size_t nc = in.categories.size();
  const Day train_cut = in.as_of + 1 - kTrainHorizon;
  const std::size_t stride = std::max<std::size_t>(1, n / std::max<std::size_t>(1, o.fit_sample));
  std::vector<FirstPass> part(worker_count(o.threads));
  parallel_for(o.threads, n, [&](unsigned w, std::size_t from, std::size_t to) {
    FirstPass& p = part[w];
    p.baskets.item_count = in.product_codes.size();
    p.buyers.assign(nc, 0);
    std::vector<Line> lines;
    std::vector<char> bought(nc, 0);
    for (std::size_t c = from; c < to; ++c) {
      predictive::customer_lines(in, by, amounts, c, lines);
      if (!lines.empty()) add_customer(lines, c, stride, train_cut, bought, p);
    }
  });
  FirstPass all = std::move(part[0]);
  for (std::size_t w = 1; w < part.size(); ++w) {
    const auto base = all.baskets.items.size();
    all.baskets.items.insert(all.baskets.items.end(), part[w].baskets.items.begin(),
                             part[w].baskets.items.end());
    for (std::size_t b = 1; b < part[w].baskets.offsets.size(); ++b)
      all.baskets.offsets.push_back(base + part[w].baskets.offsets[b]);
    for (std::size_t k = 0; k < nc; ++k) all.buyers[k] += part[w].buyers[k];
    all.cycle.insert(all.cycle.end(), part[w].cycle.begin(), part[w].cycle.end());
    all.spend.insert(all.spend.end(), part[w].spend.begin(), part[w].spend.end());
  }
  all.baskets.item_count = in.product_codes.size();
  return all;
}

RuleSet mine_companion_rules(const FlatBaskets& baskets, const PredictionOptions& o) {
  AprioriOptions ao;
  const double baskets_n = static_cast<double>(std::max<std::size_t>(baskets.size(), 1));
  ao.min_support = std::max(o.rule_min_support, static_cast<double>(o.rule_min_baskets) / baskets_n);
  ao.min_confidence = o.rule_min_confidence;
  ao.min_len = 2;  // {} => {y} says nothing about what goes with what the customer bought
  ao.max_len = o.rule_max_len;
  ao.threads = o.threads;
  return mine_rules(baskets, ao);
}

// What pass 2 needs from everyone: the rules, the cycle and spend models and
// the categories by popularity.
struct SharedModels {
  RuleSet rules;
  std::vector<std::vector<std::uint32_t>> rules_of;
  bool have_cycle = false, have_spend = false;
  PurchaseCycleModel cycle;
  ExpectedSpendModel spend;
  std::vector<std::size_t> popular;
};

// One customer's scratch buffers, reused across the customers of a worker.
struct Scratch {
  std::vector<Line> lines;
  std::vector<ItemId> owned, recent;
  std::vector<char> bought;
  std::vector<std::uint32_t> candidates;
  std::vector<ItemId> offered;
};

// Companions: per recently bought item its rules in lift order, stopping
// once it has offered `companions` distinct products (later ones lose on
// lift). A rule counts when its whole lhs was bought recently, its rhs never
// and it lifts the odds at all.
void pick_companions(const SharedModels& m, const PredictionOptions& o, Scratch& s, std::uint32_t* slot) {
  const std::size_t companions = o.companions;
  const bool by_lift = o.companion_ranking == CompanionRanking::lift;
  s.candidates.clear();
  for (ItemId x : s.recent) {
    s.offered.clear();
    for (std::uint32_t r : m.rules_of[x]) {
      const auto& rule = m.rules.rules[r];
      if (rule.lift <= 1.0) {
        if (by_lift) break;  // the rest do not lift either
        continue;
      }
      if (std::binary_search(s.owned.begin(), s.owned.end(), rule.rhs)) continue;
      if (!std::includes(s.recent.begin(), s.recent.end(), rule.lhs.begin(), rule.lhs.end())) continue;
      s.candidates.push_back(r);
      if (std::find(s.offered.begin(), s.offered.end(), rule.rhs) == s.offered.end())
        s.offered.push_back(rule.rhs);
      if (s.offered.size() >= companions) break;
    }
  }
  std::sort(s.candidates.begin(), s.candidates.end());
  if (!by_lift)
    std::stable_sort(s.candidates.begin(), s.candidates.end(), [&](std::uint32_t a, std::uint32_t b) {
      return m.rules.rules[a].confidence > m.rules.rules[b].confidence;
    });
  std::size_t kept = 0;
  for (std::uint32_t r : s.candidates) {
    if (kept >= companions) break;
    const ItemId rhs = m.rules.rules[r].rhs;
    if (std::any_of(slot, slot + kept, [&](std::uint32_t k) { return m.rules.rules[k].rhs == rhs; }))
      continue;
    slot[kept++] = r;
  }
}

// The distinct products of the last `visits` visit days (lines are ordered
// by day, then product).
void recent_products(const std::vector<Line>& lines, std::size_t visits, std::vector<ItemId>& out) {
  out.clear();
  std::size_t days = 0;
  for (auto it = lines.rbegin(); it != lines.rend(); ++it) {
    if (it == lines.rbegin() || it->day != std::prev(it)->day) ++days;
    if (days > visits) break;
    out.push_back(it->product);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
}

// Pass 2 for one customer whose lines are in `s.lines`: written into the
// customer's own slots.
void predict_customer(const SharedModels& m, const PredictionOptions& o, Day predict_day, std::size_t c,
                      Scratch& s, ProfilePredictions& out) {
  s.owned.clear();
  std::fill(s.bought.begin(), s.bought.end(), 0);
  for (const auto& l : s.lines) {
    s.owned.push_back(l.product);
    if (l.category >= 0) s.bought[static_cast<std::size_t>(l.category)] = 1;
  }
  std::sort(s.owned.begin(), s.owned.end());
  s.owned.erase(std::unique(s.owned.begin(), s.owned.end()), s.owned.end());
  recent_products(s.lines, o.companion_visits, s.recent);
  pick_companions(m, o, s, out.companions.data() + c * o.companions);

  std::size_t rec = 0;
  for (std::size_t k : m.popular) {
    if (rec >= o.recommended_categories) break;
    if (!s.bought[k]) out.recommended[c * o.recommended_categories + rec++] = static_cast<std::int32_t>(k);
  }

  const auto visits = predictive::visits_of(s.lines, predict_day);
  if (visits.size() >= 2 && m.have_cycle)
    out.next_purchase[c] = m.cycle.next_purchase_day(visits, predict_day);
  if (!visits.empty())
    out.expected_spend_krw[c] =
        std::llround(m.have_spend ? m.spend.predict(visits, predict_day) : median_spend_baseline(visits));
}

using Lap = std::function<void(const char*)>;

// The rules, the cycle and spend models and category popularity from this
// set's own customers.
SharedModels fit_shared(const PredictionInputs& in, const predictive::CustomerRows& by,
                        const std::vector<float>& amounts, const PredictionOptions& o,
                        ProfilePredictions& out, const Lap& lap) {
  const std::size_t nc = in.categories.size();
  FirstPass all = first_pass(in, by, amounts, o);
  lap("baskets and samples");
  SharedModels m;
  m.rules = mine_companion_rules(all.baskets, o);
  out.baskets = m.rules.baskets;
  out.rules = m.rules.rules.size();
  out.frequent_itemsets = m.rules.frequent_itemsets;
  all.baskets = FlatBaskets{};
  m.rules_of = rules_by_item(m.rules, in.product_codes.size(), o.companion_ranking);
  lap("association rules");
  m.have_cycle = all.cycle.size() >= 10;
  m.have_spend = all.spend.size() >= 10;
  if (m.have_cycle) m.cycle = fit_purchase_cycle(all.cycle);
  if (m.have_spend) m.spend = fit_expected_spend(all.spend);
  m.popular.resize(nc);
  for (std::size_t k = 0; k < nc; ++k) m.popular[k] = k;
  std::stable_sort(m.popular.begin(), m.popular.end(),
                   [&](std::size_t a, std::size_t b) { return all.buyers[a] > all.buyers[b]; });
  lap("fit cycle and spend");
  return m;
}

// A larger set's models with its product ids renumbered into this set's
// (products this set never bought appended to out.product_codes, so a rule
// can still name them; reserved first, as `local` holds views of them).
SharedModels take_shared(const ProfilePredictions& g, const PredictionOptions& o, ProfilePredictions& out) {
  out.product_codes.reserve(out.product_codes.size() + g.product_codes.size());
  std::unordered_map<std::string_view, ItemId> local;
  for (std::size_t p = 0; p < out.product_codes.size(); ++p)
    local.emplace(out.product_codes[p], static_cast<ItemId>(p));
  std::vector<ItemId> id_of(g.product_codes.size());
  for (std::size_t p = 0; p < g.product_codes.size(); ++p) {
    auto [it, fresh] = local.emplace(g.product_codes[p], static_cast<ItemId>(out.product_codes.size()));
    if (fresh) out.product_codes.push_back(g.product_codes[p]);
    id_of[p] = it->second;
  }
  SharedModels m;
  m.rules.rules = g.companion_rules;
  for (auto& rule : m.rules.rules) {
    for (auto& item : rule.lhs) item = id_of[item];
    std::sort(rule.lhs.begin(), rule.lhs.end());
    rule.rhs = id_of[rule.rhs];
  }
  out.baskets = g.baskets;
  out.rules = g.rules;
  out.frequent_itemsets = g.frequent_itemsets;
  m.rules_of = rules_by_item(m.rules, out.product_codes.size(), o.companion_ranking);
  m.have_cycle = g.have_cycle;
  m.have_spend = g.have_spend;
  m.cycle = g.cycle;
  m.spend = g.spend;
  m.popular = g.popular;
  return m;
}

// This set's price bounds; with a larger set, that set's bounds of each
// product. A product the larger set (a fit sample) never sold is not clipped:
// bounds from this set's own lines would differ from shard to shard.
PriceBounds bounds_for(const PredictionInputs& in, unsigned threads) {
  if (!in.global) return predictive::price_bounds(in, threads);
  std::unordered_map<std::string_view, std::size_t> global_id;
  for (std::size_t p = 0; p < in.global->product_codes.size(); ++p)
    global_id.emplace(in.global->product_codes[p], p);
  constexpr double inf = std::numeric_limits<double>::infinity();
  PriceBounds bounds(in.product_codes.size(), {-inf, inf});
  for (std::size_t p = 0; p < bounds.size(); ++p) {
    auto it = global_id.find(in.product_codes[p]);
    if (it != global_id.end() && it->second < in.global->price_bounds.size())
      bounds[p] = in.global->price_bounds[it->second];
  }
  return bounds;
}

}  // namespace

ProfilePredictions predict_profiles(const PredictionInputs& in, const PredictionOptions& o) {
  ProfilePredictions out = empty_predictions(in, o);
  auto t = Clock::now();
  const Lap lap = [&](const char* stage) {
    const auto now = Clock::now();
    out.timings_s.emplace_back(stage, std::chrono::duration<double>(now - t).count());
    t = now;
  };
  const std::size_t nc = in.categories.size();
  const auto by = predictive::rows_by_customer(in);
  out.price_bounds = bounds_for(in, o.threads);
  const auto amounts = predictive::cleaned_amounts(in, out.price_bounds, o.threads);
  lap("group and clean prices");
  SharedModels m = in.global ? take_shared(*in.global, o, out) : fit_shared(in, by, amounts, o, out, lap);

  const Day predict_day = in.as_of + 1;
  parallel_for(o.threads, in.customers, [&](unsigned, std::size_t from, std::size_t to) {
    Scratch s;
    s.bought.assign(nc, 0);
    for (std::size_t c = from; c < to; ++c) {
      predictive::customer_lines(in, by, amounts, c, s.lines);
      if (!s.lines.empty()) predict_customer(m, o, predict_day, c, s, out);
    }
  });
  lap("customer predictions");
  out.companion_rules = std::move(m.rules.rules);
  out.have_cycle = m.have_cycle;
  out.have_spend = m.have_spend;
  out.cycle = std::move(m.cycle);
  out.spend = std::move(m.spend);
  out.popular = std::move(m.popular);
  if (in.global) {
    out.companion_check = in.global->companion_check;
    out.outlook = in.global->outlook;
    return out;
  }
  if (o.check_companions) {
    out.companion_check = check_companions(in, o);
    lap("companion check");
  }
  out.outlook = predictive::demand_outlook(in, o);
  lap("demand outlook");
  return out;
}

void apply_predictions(const ProfilePredictions& p, std::uint32_t customer, CustomerProfile& profile) {
  if (customer >= p.customers) return;
  profile.companion_products.clear();
  profile.companion_if.clear();
  profile.companion_lift.clear();
  for (std::size_t i = 0; i < p.companions_per_customer; ++i) {
    const auto r = p.companions[customer * p.companions_per_customer + i];
    if (r == ProfilePredictions::kNoProduct) continue;
    const AssociationRule& rule = p.companion_rules[r];
    profile.companion_products.push_back(p.product_codes[rule.rhs]);
    if (p.companion_check.ran && !p.companion_check.rules_win) continue;  // the baseline decides
    std::string lhs;
    for (ItemId x : rule.lhs) lhs += (lhs.empty() ? "" : "+") + p.product_codes[x];
    profile.companion_if.push_back(std::move(lhs));
    profile.companion_lift.push_back(std::round(rule.lift * 1000.0) / 1000.0);
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
