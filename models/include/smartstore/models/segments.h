#pragma once
// Weighted segments of report 001: each of recency, frequency, monetary, T and
// CLV scored 1–4 by quartile, final_score = Σ weight × score, segments VIP /
// Gold / Silver / Bronze / At Risk cut at final-score quantiles.
#include <array>
#include <span>
#include <string_view>
#include <vector>

namespace smartstore::models {

enum class Segment { vip, gold, silver, bronze, at_risk };
[[nodiscard]] std::string_view to_string(Segment segment);  // "VIP", "Gold", "Silver", "Bronze", "At Risk"

struct SegmentInput {
  double recency = 0, frequency = 0, monetary = 0, T = 0, clv = 0;
};

// Report 001's LightGBM importances (recency, frequency, monetary, T, CLV).
struct SegmentWeights {
  double recency = 0.2782, frequency = 0.1076, monetary = 0.1868, T = 0.2858, clv = 0.1417;
};

struct SegmentOptions {
  SegmentWeights weights;
  // Final-score quantiles separating At Risk | Bronze | Silver | Gold | VIP
  // (the report gives none: equal fifths by default).
  std::array<double, 4> cut_quantiles{0.2, 0.4, 0.6, 0.8};
  // Per variable (recency, frequency, monetary, T, CLV): a higher value scores
  // higher. lifetimes' recency is the active span, so larger is better too.
  std::array<bool, 5> higher_is_better{true, true, true, true, true};
};

// Where the quartiles of a set of values start: a value of the set is in
// quartile k + 1 (k = 0..3, low values first) when it is >= from[k - 1]. Three
// numbers stand for the ranks of the whole set, so a shard of the customers
// scores each exactly as the whole set would.
struct QuartileCuts {
  std::array<double, 3> from{};
};
[[nodiscard]] QuartileCuts quartile_cuts(std::span<const double> values);
// 1..4 for a value of the set the cuts came from.
[[nodiscard]] int quartile_score(double value, const QuartileCuts& cuts, bool higher_is_better = true);

// What scores a customer against everyone: the quartile cuts of the five
// variables and the final-score cut-offs.
struct SegmentCuts {
  std::array<QuartileCuts, 5> quartiles{};
  std::array<double, 4> cut_offs{};  // final-score values at cut_quantiles
};

struct SegmentResult {
  std::vector<std::array<int, 5>> scores;  // 1..4 per variable
  std::vector<double> final_score;
  std::vector<Segment> segments;
  SegmentCuts cuts;
};

// Quartile scores 1..4 by rank (ties share the lower rank's quartile, as
// pandas qcut on rank(method="min") would), so equal values score equally.
[[nodiscard]] std::vector<int> quartile_scores(std::span<const double> values, bool higher_is_better = true);

[[nodiscard]] SegmentResult weighted_segments(std::span<const SegmentInput> customers,
                                              const SegmentOptions& options = {});
// The same scores and segments for customers of a larger set, from that
// set's cuts (weighted_segments(...).cuts).
[[nodiscard]] SegmentResult weighted_segments(std::span<const SegmentInput> customers,
                                              const SegmentOptions& options, const SegmentCuts& cuts);

// Weights learned from cluster labels by a transparent rule instead of
// LightGBM: each variable's between-cluster share of variance (η², on the
// quartile scores), normalized to sum 1.
[[nodiscard]] SegmentWeights weights_from_clusters(std::span<const SegmentInput> customers,
                                                   std::span<const int> labels);

}  // namespace smartstore::models
