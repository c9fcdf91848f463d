// Apriori on Groceries at arules' settings (support 0.001, confidence 0.5)
// next to a naive pass that only counts every item pair in the same baskets:
// the price of mining all itemsets and rules over the bare co-occurrence count.
#include <unordered_map>

#include "bench_registry.h"
#include "smartstore/models/association_rules.h"

namespace {
using namespace smartstore::bench;
using namespace smartstore::models;

SMARTSTORE_BENCH("models_rules") {
  auto read = read_baskets(std::string(SMARTSTORE_SOURCE_DIR) + "/tests/data/analytics/groceries.csv",
                           BasketFormat::basket);
  if (!read) throw std::runtime_error(read.error().message());
  const BasketSet& baskets = *read;
  const int runs = ctx.quick ? 2 : 10;
  AprioriOptions options;
  options.min_support = 0.001;
  options.min_confidence = 0.5;
  std::vector<double> apriori_ms, pairs_ms;
  std::size_t sink = 0;
  for (int r = 0; r < runs; ++r) {
    auto t0 = std::chrono::steady_clock::now();
    sink += mine_rules(baskets, options).rules.size();
    apriori_ms.push_back(seconds_since(t0) * 1e3);
    t0 = std::chrono::steady_clock::now();
    std::unordered_map<std::uint64_t, std::uint32_t> pairs;
    for (const auto& b : baskets.baskets)
      for (std::size_t i = 0; i < b.size(); ++i)
        for (std::size_t j = i + 1; j < b.size(); ++j) ++pairs[(std::uint64_t{b[i]} << 32) | b[j]];
    sink += pairs.size();
    pairs_ms.push_back(seconds_since(t0) * 1e3);
  }
  if (sink == 0) throw std::runtime_error("no rules");
  return {{"apriori_groceries_ms", percentile(apriori_ms, 50), "ms", percentile(pairs_ms, 50),
           "naive pair-count pass over the same baskets (median of runs)"}};
}
}  // namespace
