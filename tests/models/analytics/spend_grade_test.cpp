// Spend grades of report 003 by spend quartile.
#include <doctest/doctest.h>

#include <numeric>
#include <vector>

#include "smartstore/models/spend_grade.h"

using namespace smartstore::models;

TEST_CASE("eight customers: two per grade, VIP the top quarter") {
  const std::vector<std::int64_t> spend{100, 800, 300, 700, 200, 600, 400, 500};
  const auto g = spend_grades(spend);
  const std::vector<SpendGrade> expect{SpendGrade::g1, SpendGrade::vip, SpendGrade::g2, SpendGrade::vip,
                                       SpendGrade::g1, SpendGrade::g3,  SpendGrade::g2, SpendGrade::g3};
  CHECK(g == expect);
  const auto shares = grade_shares(spend, g);
  CHECK(shares[0].grade == SpendGrade::vip);
  CHECK(shares[0].customers == 2);
  CHECK(shares[0].revenue_krw == 1500);
  CHECK(shares[0].revenue_share == doctest::Approx(1500.0 / 3600));
  double sum = 0;
  for (const auto& s : shares) sum += s.revenue_share;
  CHECK(sum == doctest::Approx(1.0));
  CHECK(to_string(SpendGrade::g3) == "G3");
}

TEST_CASE("ties share a grade; skewed spend concentrates revenue in VIP") {
  const std::vector<std::int64_t> tied{5, 5, 5, 5, 1};
  const auto g = spend_grades(tied);
  for (int i = 0; i < 4; ++i) CHECK(g[static_cast<std::size_t>(i)] == SpendGrade::vip);
  CHECK(g[4] == SpendGrade::g1);
  std::vector<std::int64_t> pareto;
  for (int i = 1; i <= 1000; ++i) pareto.push_back(static_cast<std::int64_t>(1e7 / (i * i)) + 1000);
  const auto shares = grade_shares(pareto, spend_grades(pareto));
  CHECK(shares[0].customers == 250);
  CHECK(shares[0].revenue_share > 0.75);
  CHECK(spend_grades(std::vector<std::int64_t>{}).empty());
}
