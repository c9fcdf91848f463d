#include "smartstore/models/association_rules.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdio>
#include <map>
#include <ostream>
#include <queue>
#include <unordered_map>

#include "itemset_counting.h"
#include "table_reader.h"

namespace smartstore::models {

namespace {

// Orders items so every basket's listing order is respected (Kahn's algorithm,
// ties by first appearance); items on a cycle fall back to first appearance.
std::vector<std::string> consistent_item_order(const std::vector<std::vector<std::string>>& baskets) {
  std::unordered_map<std::string, std::size_t> first_seen;
  std::vector<std::string> labels;
  for (const auto& b : baskets)
    for (const auto& item : b)
      if (first_seen.emplace(item, labels.size()).second) labels.push_back(item);
  const std::size_t n = labels.size();
  std::vector<std::vector<std::size_t>> next(n);
  std::vector<std::size_t> indegree(n, 0);
  std::map<std::pair<std::size_t, std::size_t>, bool> edges;
  for (const auto& b : baskets)
    for (std::size_t i = 1; i < b.size(); ++i) {
      const std::size_t a = first_seen[b[i - 1]], c = first_seen[b[i]];
      if (a != c && edges.emplace(std::pair{a, c}, true).second) {
        next[a].push_back(c);
        ++indegree[c];
      }
    }
  std::priority_queue<std::size_t, std::vector<std::size_t>, std::greater<>> ready;
  for (std::size_t i = 0; i < n; ++i)
    if (indegree[i] == 0) ready.push(i);
  std::vector<std::string> order;
  std::vector<bool> placed(n, false);
  while (!ready.empty()) {
    const std::size_t i = ready.top();
    ready.pop();
    order.push_back(labels[i]);
    placed[i] = true;
    for (std::size_t j : next[i])
      if (--indegree[j] == 0) ready.push(j);
  }
  for (std::size_t i = 0; i < n; ++i)
    if (!placed[i]) order.push_back(labels[i]);
  return order;
}

using Bits = std::vector<std::uint64_t>;

std::uint32_t popcount_and(const Bits& a, const Bits& b, Bits& out) {
  std::uint32_t count = 0;
  for (std::size_t w = 0; w < a.size(); ++w) {
    out[w] = a[w] & b[w];
    count += static_cast<std::uint32_t>(std::popcount(out[w]));
  }
  return count;
}

struct Node {
  ItemId item;
  std::uint32_t count;
  Bits tids;
};

// Depth-first (Eclat) enumeration over tid bitsets: the same frequent
// itemsets as Apriori's level-wise search, without candidate tables.
class FrequentItemsets {
 public:
  FrequentItemsets(std::uint32_t min_count, std::size_t max_len) : min_count_(min_count), max_len_(max_len) {}
  void grow(std::vector<ItemId>& prefix, const std::vector<Node>& siblings) {
    for (std::size_t i = 0; i < siblings.size(); ++i) {
      prefix.push_back(siblings[i].item);
      counts[prefix] = siblings[i].count;
      if (prefix.size() < max_len_) {
        std::vector<Node> children;
        Bits scratch(siblings[i].tids.size());
        for (std::size_t j = i + 1; j < siblings.size(); ++j) {
          const std::uint32_t c = popcount_and(siblings[i].tids, siblings[j].tids, scratch);
          if (c >= min_count_) children.push_back({siblings[j].item, c, scratch});
        }
        if (!children.empty()) grow(prefix, children);
      }
      prefix.pop_back();
    }
  }
  predictive::ItemsetCounts counts;

 private:
  std::uint32_t min_count_;
  std::size_t max_len_;
};

std::string csv_quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

BasketSet make_basket_set(const std::vector<std::vector<std::string>>& baskets) {
  BasketSet set;
  set.labels = consistent_item_order(baskets);
  std::unordered_map<std::string, ItemId> id;
  for (std::size_t i = 0; i < set.labels.size(); ++i) id.emplace(set.labels[i], static_cast<ItemId>(i));
  set.baskets.reserve(baskets.size());
  for (const auto& b : baskets) {
    std::vector<ItemId> ids;
    for (const auto& item : b) ids.push_back(id.at(item));
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    set.baskets.push_back(std::move(ids));
  }
  return set;
}

Result<BasketSet> read_baskets(const std::filesystem::path& file, BasketFormat format) {
  auto lines = predictive::read_csv_lines(file);
  if (!lines) return lines.error();
  std::vector<std::vector<std::string>> baskets;
  if (format == BasketFormat::basket) {
    for (auto& line : *lines) {
      std::vector<std::string> items;
      for (auto& f : line)
        if (!f.empty()) items.push_back(std::move(f));
      if (!items.empty()) baskets.push_back(std::move(items));
    }
  } else {
    std::unordered_map<std::string, std::size_t> basket_of;
    for (std::size_t i = 1; i < lines->size(); ++i) {
      auto& row = (*lines)[i];
      if (row.size() < 2)
        return fail(ErrorKind::invalid_input,
                    file.string() + ":" + std::to_string(i + 1) + ": expected basket_id,item", "models");
      auto [it, added] = basket_of.emplace(row[0], baskets.size());
      if (added) baskets.emplace_back();
      baskets[it->second].push_back(std::move(row[1]));
    }
  }
  if (baskets.empty()) return fail(ErrorKind::invalid_input, file.string() + ": no baskets", "models");
  return make_basket_set(baskets);
}

namespace {

std::uint32_t min_count_of(double min_support, std::size_t baskets) {
  // arules compares support >= minsupp; the 1e-9 keeps 0.001 * 9835 = 9.835 from
  // turning into a different count through rounding.
  return static_cast<std::uint32_t>(
      std::max(1.0, std::ceil(min_support * static_cast<double>(baskets) - 1e-9)));
}

RuleSet rules_from_counts(const predictive::ItemsetCounts& counts, std::size_t n,
                          const AprioriOptions& options) {
  RuleSet out;
  out.baskets = n;
  out.frequent_itemsets = counts.size();
  const double dn = static_cast<double>(n);
  for (const auto& [items, count] : counts) {
    if (items.size() < std::max<std::size_t>(options.min_len, 1)) continue;
    for (std::size_t k = 0; k < items.size(); ++k) {
      std::vector<ItemId> lhs;
      for (std::size_t j = 0; j < items.size(); ++j)
        if (j != k) lhs.push_back(items[j]);
      const double lhs_count = lhs.empty() ? dn : static_cast<double>(counts.at(lhs));
      const double confidence = static_cast<double>(count) / lhs_count;
      if (confidence < options.min_confidence) continue;
      const double rhs_support = static_cast<double>(counts.at({items[k]})) / dn;
      AssociationRule rule;
      rule.lhs = std::move(lhs);
      rule.rhs = items[k];
      rule.count = count;
      rule.support = static_cast<double>(count) / dn;
      rule.confidence = confidence;
      rule.coverage = lhs_count / dn;
      rule.lift = confidence / rhs_support;
      out.rules.push_back(std::move(rule));
    }
  }
  std::sort(out.rules.begin(), out.rules.end(), [](const AssociationRule& a, const AssociationRule& b) {
    if (a.lift != b.lift) return a.lift > b.lift;
    if (a.lhs != b.lhs) return a.lhs < b.lhs;
    return a.rhs < b.rhs;
  });
  return out;
}

}  // namespace

FlatBaskets flatten(const BasketSet& baskets) {
  FlatBaskets flat;
  flat.item_count = baskets.labels.size();
  flat.offsets.reserve(baskets.baskets.size() + 1);
  for (const auto& b : baskets.baskets) {
    flat.items.insert(flat.items.end(), b.begin(), b.end());
    flat.offsets.push_back(flat.items.size());
  }
  return flat;
}

RuleSet mine_rules(const FlatBaskets& baskets, const AprioriOptions& options) {
  const std::size_t n = baskets.size();
  if (n == 0) return RuleSet{};
  const auto counts = predictive::count_itemsets_by_scan(baskets, min_count_of(options.min_support, n),
                                                         options.max_len, options.threads);
  return rules_from_counts(counts, n, options);
}

RuleSet mine_rules(const BasketSet& baskets, const AprioriOptions& options) {
  const std::size_t n = baskets.baskets.size();
  if (n == 0) return RuleSet{};
  const std::uint32_t min_count = min_count_of(options.min_support, n);
  const std::size_t words = (n + 63) / 64;
  std::vector<Node> singles(baskets.labels.size());
  for (std::size_t i = 0; i < singles.size(); ++i) singles[i] = {static_cast<ItemId>(i), 0, Bits{}};
  for (const auto& b : baskets.baskets)
    for (ItemId item : b) ++singles[item].count;
  std::vector<Node> frequent;
  for (auto& s : singles)
    if (s.count >= min_count) frequent.push_back(std::move(s));
  constexpr double kBitsetBudget = 64.0 * 1024 * 1024;
  const bool scan = options.counting == ItemsetCounting::basket_scan ||
                    (options.counting == ItemsetCounting::automatic &&
                     static_cast<double>(frequent.size()) * static_cast<double>(words) * 8.0 > kBitsetBudget);
  if (scan) return mine_rules(flatten(baskets), options);

  for (auto& f : frequent) f.tids.assign(words, 0);
  std::vector<std::int64_t> slot(baskets.labels.size(), -1);
  for (std::size_t i = 0; i < frequent.size(); ++i) slot[frequent[i].item] = static_cast<std::int64_t>(i);
  for (std::size_t t = 0; t < n; ++t)
    for (ItemId item : baskets.baskets[t])
      if (slot[item] >= 0)
        frequent[static_cast<std::size_t>(slot[item])].tids[t / 64] |= std::uint64_t{1} << (t % 64);
  FrequentItemsets sets(min_count, options.max_len);
  std::vector<ItemId> prefix;
  sets.grow(prefix, frequent);
  return rules_from_counts(sets.counts, n, options);
}

std::string format_itemset(const BasketSet& baskets, const std::vector<ItemId>& items) {
  std::string s = "{";
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) s += ',';
    s += baskets.labels.at(items[i]);
  }
  return s + "}";
}

void write_rules_csv(std::ostream& out, const BasketSet& baskets, const std::vector<AssociationRule>& rules) {
  out << "lhs,rhs,support,confidence,coverage,lift,count\n";
  char buf[160];
  for (const auto& r : rules) {
    std::snprintf(buf, sizeof buf, ",%.15g,%.15g,%.15g,%.15g,%u\n", r.support, r.confidence, r.coverage,
                  r.lift, r.count);
    out << csv_quote(format_itemset(baskets, r.lhs)) << ',' << csv_quote(format_itemset(baskets, {r.rhs}))
        << buf;
  }
}

std::vector<CompanionProduct> companion_products(const RuleSet& rules, const std::vector<ItemId>& owned,
                                                 std::size_t n) {
  std::vector<ItemId> have = owned;
  std::sort(have.begin(), have.end());
  std::vector<CompanionProduct> picks;
  // Rules are sorted by lift, so the first rule naming an item is its best.
  for (const auto& r : rules.rules) {
    if (picks.size() >= n) break;
    if (std::binary_search(have.begin(), have.end(), r.rhs)) continue;
    if (!std::includes(have.begin(), have.end(), r.lhs.begin(), r.lhs.end())) continue;
    if (std::any_of(picks.begin(), picks.end(), [&](const CompanionProduct& p) { return p.item == r.rhs; }))
      continue;
    picks.push_back({r.rhs, r.lift, r.confidence});
  }
  return picks;
}

}  // namespace smartstore::models
