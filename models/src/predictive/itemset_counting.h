#pragma once
// Frequent itemsets by scanning baskets level by level (Apriori proper):
// candidates of size k sit in a prefix trie under the frequent (k-1)-itemsets
// and each basket walks the trie once per level. Memory grows with the
// candidates, not with the number of baskets, which is what millions of
// small baskets need (the tid-bitset search costs baskets/8 bytes per item).
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "smartstore/models/association_rules.h"

namespace smartstore::models::predictive {

struct ItemsetHash {
  std::size_t operator()(const std::vector<ItemId>& v) const noexcept {
    std::size_t h = 1469598103934665603ULL;
    for (ItemId x : v) h = (h ^ x) * 1099511628211ULL;
    return h;
  }
};
using ItemsetCounts = std::unordered_map<std::vector<ItemId>, std::uint32_t, ItemsetHash>;

// Every itemset of at most max_len items in at least min_count baskets.
ItemsetCounts count_itemsets_by_scan(const FlatBaskets& baskets, std::uint32_t min_count, std::size_t max_len,
                                     unsigned threads);

}  // namespace smartstore::models::predictive
