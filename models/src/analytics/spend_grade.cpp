#include "smartstore/models/spend_grade.h"

#include <algorithm>
#include <cmath>
#include <functional>

namespace smartstore::models {

std::string_view to_string(SpendGrade grade) {
  switch (grade) {
    case SpendGrade::vip:
      return "VIP";
    case SpendGrade::g3:
      return "G3";
    case SpendGrade::g2:
      return "G2";
    case SpendGrade::g1:
      return "G1";
  }
  return "G1";
}

SpendGradeCuts spend_grade_cuts(std::span<const std::int64_t> spend) {
  if (spend.empty()) return {};
  std::vector<std::int64_t> sorted(spend.begin(), spend.end());
  std::sort(sorted.begin(), sorted.end(), std::greater<>());
  // The spend of the customer at the boundary rank of each quarter.
  auto cut = [&](double share) {
    const auto rank =
        static_cast<std::size_t>(std::max(1.0, std::ceil(share * static_cast<double>(sorted.size()))));
    return sorted[std::min(rank, sorted.size()) - 1];
  };
  return {cut(0.25), cut(0.5), cut(0.75)};
}

SpendGrade spend_grade(std::int64_t s, const SpendGradeCuts& cuts) {
  return s >= cuts.vip  ? SpendGrade::vip
         : s >= cuts.g3 ? SpendGrade::g3
         : s >= cuts.g2 ? SpendGrade::g2
                        : SpendGrade::g1;
}

std::vector<SpendGrade> spend_grades(std::span<const std::int64_t> spend) {
  const SpendGradeCuts cuts = spend_grade_cuts(spend);
  std::vector<SpendGrade> out(spend.size(), SpendGrade::g1);
  for (std::size_t i = 0; i < spend.size(); ++i) out[i] = spend_grade(spend[i], cuts);
  return out;
}

std::array<GradeShare, 4> grade_shares(std::span<const std::int64_t> spend,
                                       std::span<const SpendGrade> grades) {
  std::array<GradeShare, 4> out{};
  std::int64_t total = 0;
  for (std::size_t g = 0; g < 4; ++g) out[g].grade = static_cast<SpendGrade>(g);
  for (std::size_t i = 0; i < spend.size() && i < grades.size(); ++i) {
    auto& share = out[static_cast<std::size_t>(grades[i])];
    ++share.customers;
    share.revenue_krw += spend[i];
    total += spend[i];
  }
  for (auto& s : out)
    s.revenue_share = total > 0 ? static_cast<double>(s.revenue_krw) / static_cast<double>(total) : 0;
  return out;
}

}  // namespace smartstore::models
