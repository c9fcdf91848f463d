#include "smartstore/models/segments.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace smartstore::models {

std::string_view to_string(Segment segment) {
  switch (segment) {
    case Segment::vip:
      return "VIP";
    case Segment::gold:
      return "Gold";
    case Segment::silver:
      return "Silver";
    case Segment::bronze:
      return "Bronze";
    case Segment::at_risk:
      return "At Risk";
  }
  return "At Risk";
}

QuartileCuts quartile_cuts(std::span<const double> values) {
  QuartileCuts cuts;
  cuts.from.fill(std::numeric_limits<double>::infinity());
  const std::size_t n = values.size();
  std::vector<double> sorted(values.begin(), values.end());
  std::sort(sorted.begin(), sorted.end());
  // rank(method="min"): a value's rank is where its run of equal values
  // starts; quartile k begins at the first run starting at or after k·n/4.
  std::size_t k = 1;
  for (std::size_t pos = 0; pos < n && k <= 3; ++pos) {
    if (pos > 0 && sorted[pos] == sorted[pos - 1]) continue;
    while (k <= 3 && 4 * pos >= k * n) cuts.from[k++ - 1] = sorted[pos];
  }
  return cuts;
}

int quartile_score(double value, const QuartileCuts& cuts, bool higher_is_better) {
  int quartile = 0;  // 0..3, low values first
  for (double from : cuts.from) quartile += value >= from ? 1 : 0;
  return higher_is_better ? quartile + 1 : 4 - quartile;
}

std::vector<int> quartile_scores(std::span<const double> values, bool higher_is_better) {
  const QuartileCuts cuts = quartile_cuts(values);
  std::vector<int> out(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) out[i] = quartile_score(values[i], cuts, higher_is_better);
  return out;
}

namespace {
double value_of(const SegmentInput& c, int v) {
  switch (v) {
    case 0:
      return c.recency;
    case 1:
      return c.frequency;
    case 2:
      return c.monetary;
    case 3:
      return c.T;
    default:
      return c.clv;
  }
}

double linear_quantile(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  const double pos = q * static_cast<double>(v.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(pos));
  const std::size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (v[hi] - v[lo]) * (pos - static_cast<double>(lo));
}

std::array<QuartileCuts, 5> all_cuts(std::span<const SegmentInput> customers) {
  std::array<QuartileCuts, 5> cuts;
  std::vector<double> column(customers.size());
  for (int v = 0; v < 5; ++v) {
    for (std::size_t i = 0; i < customers.size(); ++i) column[i] = value_of(customers[i], v);
    cuts[static_cast<std::size_t>(v)] = quartile_cuts(column);
  }
  return cuts;
}

std::vector<std::array<int, 5>> all_scores(std::span<const SegmentInput> customers,
                                           const std::array<QuartileCuts, 5>& cuts,
                                           const std::array<bool, 5>& higher) {
  std::vector<std::array<int, 5>> scores(customers.size());
  for (std::size_t i = 0; i < customers.size(); ++i)
    for (int v = 0; v < 5; ++v) {
      const auto u = static_cast<std::size_t>(v);
      scores[i][u] = quartile_score(value_of(customers[i], v), cuts[u], higher[u]);
    }
  return scores;
}

std::vector<std::array<int, 5>> all_scores(std::span<const SegmentInput> customers,
                                           const std::array<bool, 5>& higher) {
  return all_scores(customers, all_cuts(customers), higher);
}

}  // namespace

SegmentResult weighted_segments(std::span<const SegmentInput> customers, const SegmentOptions& options,
                                const SegmentCuts& cuts) {
  SegmentResult r;
  r.cuts = cuts;
  r.scores = all_scores(customers, cuts.quartiles, options.higher_is_better);
  const auto& w = options.weights;
  const std::array<double, 5> weights{w.recency, w.frequency, w.monetary, w.T, w.clv};
  r.final_score.reserve(customers.size());
  for (const auto& s : r.scores) {
    double f = 0;
    for (std::size_t v = 0; v < 5; ++v) f += weights[v] * s[v];
    r.final_score.push_back(f);
  }
  r.segments.reserve(customers.size());
  for (double f : r.final_score) {
    // Above a cut-off moves up a segment; a score equal to the cut stays below.
    int level = 0;
    for (double cut : cuts.cut_offs) level += f > cut ? 1 : 0;
    static constexpr Segment kByLevel[] = {Segment::at_risk, Segment::bronze, Segment::silver, Segment::gold,
                                           Segment::vip};
    r.segments.push_back(kByLevel[level]);
  }
  return r;
}

SegmentResult weighted_segments(std::span<const SegmentInput> customers, const SegmentOptions& options) {
  SegmentCuts cuts;
  cuts.quartiles = all_cuts(customers);
  SegmentResult r = weighted_segments(customers, options, cuts);
  if (customers.empty()) return r;
  for (std::size_t c = 0; c < 4; ++c)
    r.cuts.cut_offs[c] = linear_quantile(r.final_score, options.cut_quantiles[c]);
  return weighted_segments(customers, options, r.cuts);
}

SegmentWeights weights_from_clusters(std::span<const SegmentInput> customers, std::span<const int> labels) {
  const auto scores = all_scores(customers, {true, true, true, true, true});
  std::array<double, 5> eta2{};
  const std::size_t n = customers.size();
  if (n == 0 || labels.size() != n) return {};
  const int k = *std::max_element(labels.begin(), labels.end()) + 1;
  for (std::size_t v = 0; v < 5; ++v) {
    double mean = 0;
    for (const auto& s : scores) mean += s[v];
    mean /= static_cast<double>(n);
    std::vector<double> sum(static_cast<std::size_t>(k), 0), count(static_cast<std::size_t>(k), 0);
    double total_ss = 0;
    for (std::size_t i = 0; i < n; ++i) {
      sum[static_cast<std::size_t>(labels[i])] += scores[i][v];
      count[static_cast<std::size_t>(labels[i])] += 1;
      total_ss += (scores[i][v] - mean) * (scores[i][v] - mean);
    }
    double between = 0;
    for (std::size_t c = 0; c < sum.size(); ++c)
      if (count[c] > 0) between += count[c] * std::pow(sum[c] / count[c] - mean, 2);
    eta2[v] = total_ss > 0 ? between / total_ss : 0;
  }
  const double total = eta2[0] + eta2[1] + eta2[2] + eta2[3] + eta2[4];
  if (total <= 0) return {0.2, 0.2, 0.2, 0.2, 0.2};
  return {eta2[0] / total, eta2[1] / total, eta2[2] / total, eta2[3] / total, eta2[4] / total};
}

}  // namespace smartstore::models
