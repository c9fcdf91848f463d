#include <doctest/doctest.h>
#include <cmath>

#include "smartstore/models/matrix_factorization.h"

using namespace smartstore::models;

namespace {
// Two taste groups over 4 categories: group A buys 0,1,(2), group B buys 2,3,(0).
SpendMatrix two_groups() {
  SpendMatrix m{8, 4, {}};
  m.spend = {
      900, 800, 0,   0,    // A: has not bought 2
      1000, 900, 700, 0,   // A
      950, 850, 650, 0,    // A
      1000, 800, 600, 0,   // A
      0,   0,   900, 1000, // B: has not bought 0
      300, 0,   800, 900,  // B
      250, 0,   850, 950,  // B
      280, 0,   900, 1000, // B
  };
  return m;
}
}  // namespace

TEST_CASE("scaling, determinism and a falling training error") {
  const auto spend = two_groups();
  const auto a = fit_factorization(spend, {});
  const auto b = fit_factorization(spend, {});
  CHECK(a.p == b.p);  // same seed, same model
  CHECK(a.category_min[0] == 0);  // unbought cells are 0
  CHECK(a.category_max[0] == 1000);
  REQUIRE(a.epoch_rmse.size() == 10);
  CHECK(a.epoch_rmse.back() < a.epoch_rmse.front());
  FactorizationOptions other;
  other.seed = 7;
  CHECK(fit_factorization(spend, other).p != a.p);
}

TEST_CASE("recommends the unbought category its taste group buys") {
  const auto spend = two_groups();
  FactorizationOptions opt;
  opt.epochs = 200;
  opt.learning_rate = 0.05;
  opt.l2 = 0.01;
  const auto model = fit_factorization(spend, opt);
  // Customer 0 has bought 0 and 1; of 2 and 3, group A buys 2.
  const auto rec0 = recommend_unbought(model, spend, 0, 2);
  REQUIRE(rec0.size() == 2);
  CHECK(rec0[0] == 2);
  const auto rec4 = recommend_unbought(model, spend, 4, 1);
  REQUIRE(rec4.size() == 1);
  CHECK(rec4[0] == 0);
  // Predictions map back into the category's money range.
  CHECK(model.predict_spend(1, 0) > 250);
  CHECK(model.predict_spend(1, 0) < 1200);
  // Nothing to recommend for a customer who bought everything.
  CHECK(recommend_unbought(model, spend, 1, 2) == std::vector<std::size_t>{3});
}

TEST_CASE("implicit ALS: a customer who shares one category with a taste group is offered the group's other one") {
  // Customers 0-5 buy categories 0 and 1, customers 6-11 buy 2 and 3;
  // customer 12 bought only category 0, customer 13 only category 3.
  SpendMatrix m{14, 4, std::vector<double>(14 * 4, 0)};
  for (std::size_t u = 0; u < 6; ++u) m.spend[u * 4 + 0] = 1000 + 100 * u, m.spend[u * 4 + 1] = 500;
  for (std::size_t u = 6; u < 12; ++u) m.spend[u * 4 + 2] = 2000, m.spend[u * 4 + 3] = 800 + 50 * u;
  m.spend[12 * 4 + 0] = 900;
  m.spend[13 * 4 + 3] = 700;
  const auto als = fit_implicit_als(m, {});
  CHECK(recommend_unbought(als, m, 12, 1) == std::vector<std::size_t>{1});
  CHECK(recommend_unbought(als, m, 13, 1) == std::vector<std::size_t>{2});
  // Bought cells score near their preference 1, the other group's near 0.
  CHECK(als.score(0, 0) > 0.5);
  CHECK(std::abs(als.score(0, 2)) < 0.3);
  // Same seed, same model.
  CHECK(fit_implicit_als(m, {}).x == als.x);
}
