#include <doctest/doctest.h>

#include <cmath>

#include "smartstore/models/next_category.h"

using namespace smartstore::models;

TEST_CASE("transitions between consecutive sessions drive the ranking") {
  // Items: 0 coffee, 1 filters, 2 milk, 3 bread. Customers who buy coffee buy filters next.
  NextItemModel model(4, {});
  model.learn({{0}, {1}, {0}, {1}});
  model.learn({{0, 2}, {1}});
  model.learn({{2}, {2}, {2}, {3}});
  const auto rec = model.recommend({{3}, {0}}, 2);
  REQUIRE(rec.size() == 2);
  CHECK(rec[0] == 1);
  // After milk: milk -> milk twice, milk -> filters once, milk -> bread once.
  CHECK(model.recommend({{2}}, 1) == std::vector<std::uint32_t>{2});
  // Popularity: milk 5 times, then coffee and filters 3 each (ties by id).
  CHECK(model.most_popular(2) == std::vector<std::uint32_t>{2, 0});
  // No history: popularity back-off only.
  CHECK(model.recommend({}, 1) == std::vector<std::uint32_t>{2});
}

TEST_CASE("hit rate and nDCG by hand") {
  // One relevant item at rank 2: HR 1, nDCG = (1/log2 3) / 1.
  auto s = score_ranking({5, 7, 9}, {7}, 5);
  CHECK(s.hit == 1.0);
  CHECK(s.ndcg == doctest::Approx(1.0 / std::log2(3.0)));
  // Two relevant at ranks 1 and 3: DCG 1 + 1/2, ideal 1 + 1/log2 3.
  s = score_ranking({1, 2, 3}, {1, 3}, 5);
  CHECK(s.ndcg == doctest::Approx(1.5 / (1.0 + 1.0 / std::log2(3.0))));
  // Beyond k does not count.
  CHECK(score_ranking({1, 2, 3}, {3}, 2).hit == 0.0);
}
