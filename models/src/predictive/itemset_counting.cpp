#include "itemset_counting.h"

#include <algorithm>

#include "smartstore/common/parallel.h"

namespace smartstore::models::predictive {
namespace {

struct TrieNode {
  ItemId item = 0;  // dense frequent-item id
  std::uint32_t count = 0;
  std::uint32_t child_begin = 0, child_end = 0;  // children are contiguous, sorted by item
};

class ItemsetTrie {
 public:
  explicit ItemsetTrie(std::uint32_t min_count) : min_count_(min_count) {}
  std::vector<TrieNode> nodes;
  std::uint32_t root_begin = 0, root_end = 0;

  // Node of a frequent itemset (dense ids, sorted), or -1.
  std::int64_t find(const ItemId* items, std::size_t n) const {
    std::uint32_t b = root_begin, e = root_end;
    std::int64_t at = -1;
    for (std::size_t i = 0; i < n; ++i) {
      at = child(b, e, items[i]);
      if (at < 0 || nodes[static_cast<std::size_t>(at)].count < min_count_) return -1;
      b = nodes[static_cast<std::size_t>(at)].child_begin;
      e = nodes[static_cast<std::size_t>(at)].child_end;
    }
    return at;
  }

  std::int64_t child(std::uint32_t b, std::uint32_t e, ItemId item) const {
    auto first = nodes.begin() + b, last = nodes.begin() + e;
    auto it = std::lower_bound(first, last, item, [](const TrieNode& n, ItemId x) { return n.item < x; });
    return it != last && it->item == item ? it - nodes.begin() : -1;
  }

  // Adds one to every level-k candidate contained in the basket.
  void count_basket(const ItemId* items, std::size_t n, std::size_t k,
                    std::vector<std::uint32_t>& counts) const {
    walk(root_begin, root_end, items, n, 0, 1, k, counts);
  }

 private:
  void walk(std::uint32_t b, std::uint32_t e, const ItemId* items, std::size_t n, std::size_t from,
            std::size_t level, std::size_t k, std::vector<std::uint32_t>& counts) const {
    if (b == e) return;
    for (std::size_t i = from; i + (k - level) < n; ++i) {
      const std::int64_t c = child(b, e, items[i]);
      if (c < 0) continue;
      const auto& node = nodes[static_cast<std::size_t>(c)];
      if (level == k)
        ++counts[static_cast<std::size_t>(c)];
      else if (node.count >= min_count_)
        walk(node.child_begin, node.child_end, items, n, i + 1, level + 1, k, counts);
    }
  }
  std::uint32_t min_count_;
};

// Level-(k-1) nodes with their itemsets, to join siblings into level-k candidates.
struct Frontier {
  std::uint32_t node;
  std::vector<ItemId> items;
  std::uint32_t sibling_end;  // siblings after this node: (node, sibling_end)
};

// Baskets reduced to their frequent items (dense ids); those with fewer than
// two drop out.
struct ReducedBaskets {
  std::vector<std::uint64_t> offsets{0};
  std::vector<ItemId> items;
  [[nodiscard]] std::size_t size() const { return offsets.size() - 1; }
};

ReducedBaskets reduce_baskets(const FlatBaskets& baskets, const std::vector<std::int64_t>& dense) {
  ReducedBaskets r;
  for (std::size_t b = 0; b < baskets.size(); ++b) {
    const std::size_t start = r.items.size();
    for (std::uint64_t i = baskets.offsets[b]; i < baskets.offsets[b + 1]; ++i)
      if (dense[baskets.items[i]] >= 0) r.items.push_back(static_cast<ItemId>(dense[baskets.items[i]]));
    if (r.items.size() - start < 2)
      r.items.resize(start);
    else
      r.offsets.push_back(r.items.size());
  }
  return r;
}

// Level-k candidates: each frequent (k-1)-set joined with a later frequent
// sibling. A node's children are appended contiguously, so they stay sorted
// by item.
void add_candidates(ItemsetTrie& trie, const std::vector<Frontier>& frontier, std::uint32_t min_count) {
  std::vector<ItemId> candidate, subset;
  for (const auto& f : frontier) {
    const auto begin = static_cast<std::uint32_t>(trie.nodes.size());
    for (std::uint32_t s = f.node + 1; s < f.sibling_end; ++s) {
      if (trie.nodes[s].count < min_count) continue;
      candidate = f.items;
      candidate.push_back(trie.nodes[s].item);
      // Apriori pruning: every (k-1)-subset must be frequent (the two
      // joined ones are; check the others).
      bool ok = true;
      for (std::size_t drop = 0; ok && drop + 2 < candidate.size(); ++drop) {
        subset.clear();
        for (std::size_t j = 0; j < candidate.size(); ++j)
          if (j != drop) subset.push_back(candidate[j]);
        ok = trie.find(subset.data(), subset.size()) >= 0;
      }
      if (ok) trie.nodes.push_back({trie.nodes[s].item, 0, 0, 0});
    }
    trie.nodes[f.node].child_begin = begin;
    trie.nodes[f.node].child_end = static_cast<std::uint32_t>(trie.nodes.size());
  }
}

// Counts the level-k candidates (nodes from level_begin on) over every basket.
// Each worker counts every W-th basket into its own array; the sums do not
// depend on which worker counted what.
void count_level(ItemsetTrie& trie, const ReducedBaskets& baskets, std::size_t k, std::size_t level_begin,
                 unsigned threads) {
  const unsigned workers = worker_count(threads);
  std::vector<std::vector<std::uint32_t>> counts(workers, std::vector<std::uint32_t>(trie.nodes.size(), 0));
  run_workers(workers, [&](unsigned w) {
    for (std::size_t b = w; b < baskets.size(); b += workers) {
      const std::size_t n = baskets.offsets[b + 1] - baskets.offsets[b];
      if (n >= k) trie.count_basket(baskets.items.data() + baskets.offsets[b], n, k, counts[w]);
    }
  });
  for (std::size_t i = level_begin; i < trie.nodes.size(); ++i)
    for (unsigned w = 0; w < workers; ++w) trie.nodes[i].count += counts[w][i];
}

// The frequent level-k itemsets: recorded in `out` under their original item
// ids, and returned as the next frontier.
std::vector<Frontier> frequent_children(const ItemsetTrie& trie, const std::vector<Frontier>& frontier,
                                        const std::vector<ItemId>& original, std::uint32_t min_count,
                                        ItemsetCounts& out) {
  std::vector<Frontier> next;
  for (const auto& f : frontier) {
    const auto& parent = trie.nodes[f.node];
    for (std::uint32_t c = parent.child_begin; c < parent.child_end; ++c) {
      if (trie.nodes[c].count < min_count) continue;
      auto set = f.items;
      set.push_back(trie.nodes[c].item);
      std::vector<ItemId> named;
      for (ItemId x : set) named.push_back(original[x]);
      out[named] = trie.nodes[c].count;
      next.push_back({c, std::move(set), parent.child_end});
    }
  }
  return next;
}

// Level 2 without a trie: every pair of frequent items has a slot in a
// triangular array (4 bytes a pair, against a 16-byte candidate node plus a
// counter per worker), and only the frequent pairs become trie nodes, in the
// order the candidate join would have made them. Each worker counts every
// W-th basket into its own array; the sums do not depend on the split.
std::vector<Frontier> count_pairs(ItemsetTrie& trie, const ReducedBaskets& baskets,
                                  const std::vector<ItemId>& original, std::uint32_t min_count,
                                  unsigned threads, ItemsetCounts& out) {
  const std::size_t m = original.size();
  auto slot = [m](std::size_t i, std::size_t j) { return i * (2 * m - i - 1) / 2 + (j - i - 1); };
  const unsigned workers = worker_count(threads);
  std::vector<std::vector<std::uint32_t>> counts(workers);
  run_workers(workers, [&](unsigned w) {
    counts[w].assign(m * (m - 1) / 2, 0);
    for (std::size_t b = w; b < baskets.size(); b += workers) {
      const ItemId* items = baskets.items.data() + baskets.offsets[b];
      const std::size_t n = baskets.offsets[b + 1] - baskets.offsets[b];
      for (std::size_t x = 0; x + 1 < n; ++x)
        for (std::size_t y = x + 1; y < n; ++y)
          if (items[y] > items[x]) ++counts[w][slot(items[x], items[y])];  // a repeated item is no pair
    }
  });
  for (unsigned w = 1; w < workers; ++w) {
    for (std::size_t i = 0; i < counts[0].size(); ++i) counts[0][i] += counts[w][i];
    std::vector<std::uint32_t>().swap(counts[w]);
  }
  std::vector<Frontier> next;
  for (std::uint32_t i = 0; i < m; ++i) {
    const auto begin = static_cast<std::uint32_t>(trie.nodes.size());
    for (std::uint32_t j = i + 1; j < m; ++j) {
      const std::uint32_t count = counts[0][slot(i, j)];
      if (count < min_count) continue;
      trie.nodes.push_back({static_cast<ItemId>(j), count, 0, 0});
      out[{original[i], original[j]}] = count;
    }
    trie.nodes[i].child_begin = begin;
    trie.nodes[i].child_end = static_cast<std::uint32_t>(trie.nodes.size());
    for (std::uint32_t c = begin; c < trie.nodes[i].child_end; ++c)
      next.push_back({c, {static_cast<ItemId>(i), trie.nodes[c].item}, trie.nodes[i].child_end});
  }
  return next;
}

}  // namespace

ItemsetCounts count_itemsets_by_scan(const FlatBaskets& baskets, std::uint32_t min_count, std::size_t max_len,
                                     unsigned threads) {
  ItemsetCounts out;
  std::vector<std::uint32_t> single(baskets.item_count, 0);
  for (ItemId x : baskets.items) ++single[x];
  // Dense ids for frequent items, increasing with the item id so baskets stay sorted.
  std::vector<ItemId> original;
  std::vector<std::int64_t> dense(baskets.item_count, -1);
  for (ItemId x = 0; x < baskets.item_count; ++x)
    if (single[x] >= min_count) {
      dense[x] = static_cast<std::int64_t>(original.size());
      original.push_back(x);
      out[{x}] = single[x];
    }
  if (max_len < 2 || original.size() < 2) return out;
  const ReducedBaskets reduced = reduce_baskets(baskets, dense);

  ItemsetTrie trie(min_count);
  for (std::size_t i = 0; i < original.size(); ++i)
    trie.nodes.push_back({static_cast<ItemId>(i), single[original[i]], 0, 0});
  trie.root_end = static_cast<std::uint32_t>(original.size());

  std::vector<Frontier> frontier = count_pairs(trie, reduced, original, min_count, threads, out);
  for (std::size_t k = 3; k <= max_len && !frontier.empty(); ++k) {
    const std::size_t level_begin = trie.nodes.size();
    add_candidates(trie, frontier, min_count);
    if (trie.nodes.size() == level_begin) break;
    count_level(trie, reduced, k, level_begin, threads);
    frontier = frequent_children(trie, frontier, original, min_count, out);
  }
  return out;
}

}  // namespace smartstore::models::predictive
