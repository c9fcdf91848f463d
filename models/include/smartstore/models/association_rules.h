#pragma once
// Association rules by Apriori (report 001): baskets are a customer's products
// on one date (or one receipt); rules X => {y} with support, confidence,
// coverage, lift and count as the arules package computes them.
#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <string>
#include <vector>

#include "smartstore/common/result.h"

namespace smartstore::models {

using ItemId = std::uint32_t;

// Items are numbered in `labels` order; each basket holds sorted, distinct ids.
struct BasketSet {
  std::vector<std::string> labels;
  std::vector<std::vector<ItemId>> baskets;
};

// Labels are kept byte for byte (two Groceries labels end with a space).
// Item ids follow the order the baskets list their items in when that order
// is consistent (arules' item order for files it wrote), else first appearance.
BasketSet make_basket_set(const std::vector<std::vector<std::string>>& baskets);

enum class BasketFormat {
  basket,  // one basket per line: item,item,...
  long_,   // header line, then basket_id,item rows
};
// Errors name the file, and the line of a malformed row.
Result<BasketSet> read_baskets(const std::filesystem::path& file, BasketFormat format);

// Millions of baskets without a vector each: basket b is
// items[offsets[b] .. offsets[b + 1]), sorted distinct ids below item_count.
struct FlatBaskets {
  std::size_t item_count = 0;
  std::vector<std::uint64_t> offsets{0};
  std::vector<ItemId> items;
  [[nodiscard]] std::size_t size() const { return offsets.size() - 1; }
};
FlatBaskets flatten(const BasketSet& baskets);

// How frequent itemsets are counted; both give the same itemsets and rules.
enum class ItemsetCounting {
  automatic,    // tid bitsets while they fit in 64 MiB, else basket scans
  tid_bitsets,  // depth-first over basket-id bitsets: fastest on thousands of baskets
  basket_scan,  // level-wise Apriori with a candidate trie: memory independent of baskets
};

// arules' apriori() defaults except support/confidence, which callers set.
struct AprioriOptions {
  double min_support = 0.1;
  double min_confidence = 0.8;
  std::size_t min_len = 1;  // items in lhs + rhs; 1 allows {} => {y}
  std::size_t max_len = 10;
  ItemsetCounting counting = ItemsetCounting::automatic;
  unsigned threads = 1;  // basket scans split the baskets over this many threads
};

struct AssociationRule {
  std::vector<ItemId> lhs;  // sorted
  ItemId rhs = 0;
  double support = 0;
  double confidence = 0;
  double coverage = 0;  // support of lhs
  double lift = 0;
  std::uint32_t count = 0;
};

struct RuleSet {
  std::vector<AssociationRule> rules;  // by lift, descending
  std::size_t frequent_itemsets = 0;
  std::size_t baskets = 0;
};

RuleSet mine_rules(const BasketSet& baskets, const AprioriOptions& options);
// The same over flat baskets, always by basket scans.
RuleSet mine_rules(const FlatBaskets& baskets, const AprioriOptions& options);

// "{a,b}" with items in id order, as arules prints them.
std::string format_itemset(const BasketSet& baskets, const std::vector<ItemId>& items);
// Header `lhs,rhs,support,confidence,coverage,lift,count`, one rule per row.
void write_rules_csv(std::ostream& out, const BasketSet& baskets, const std::vector<AssociationRule>& rules);

struct CompanionProduct {
  ItemId item = 0;
  double lift = 0;
  double confidence = 0;
};
// The n consequents with the highest lift among rules whose lhs the customer
// already bought and whose rhs they have not (report 001: top 5 by lift).
std::vector<CompanionProduct> companion_products(const RuleSet& rules, const std::vector<ItemId>& owned,
                                                 std::size_t n = 5);

}  // namespace smartstore::models
