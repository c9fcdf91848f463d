#pragma once
// Spend grades of report 003: VIP (top 25 % of annual spend), G3, G2, G1.
#include <array>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace smartstore::models {

enum class SpendGrade { vip, g3, g2, g1 };
[[nodiscard]] std::string_view to_string(SpendGrade grade);  // "VIP", "G3", "G2", "G1"

// Quartile cut-offs on the spend distribution: VIP when spend >= the value at
// the top 25 % rank, G3 top 50 %, G2 top 75 %, else G1. Equal spend always
// gets the same grade, so ties can make a grade slightly larger than 25 %.
[[nodiscard]] std::vector<SpendGrade> spend_grades(std::span<const std::int64_t> spend_krw);

// The three cut-offs (VIP, G3, G2) of a whole set, so that a shard of its
// customers is graded as the whole set grades them.
struct SpendGradeCuts {
  std::int64_t vip = 0, g3 = 0, g2 = 0;
};
[[nodiscard]] SpendGradeCuts spend_grade_cuts(std::span<const std::int64_t> spend_krw);
[[nodiscard]] SpendGrade spend_grade(std::int64_t spend_krw, const SpendGradeCuts& cuts);

struct GradeShare {
  SpendGrade grade = SpendGrade::g1;
  std::size_t customers = 0;
  std::int64_t revenue_krw = 0;
  double revenue_share = 0;  // of total revenue, 0..1
};
[[nodiscard]] std::array<GradeShare, 4> grade_shares(std::span<const std::int64_t> spend_krw,
                                                     std::span<const SpendGrade> grades);

}  // namespace smartstore::models
