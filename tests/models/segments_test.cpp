// Weighted segments of report 001.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>

#include "smartstore/models/segments.h"

using namespace smartstore::models;

TEST_CASE("quartile scores 1..4 by rank, ties equal, direction configurable") {
  const std::vector<double> v{10, 20, 30, 40, 50, 60, 70, 80};
  CHECK(quartile_scores(v) == std::vector<int>{1, 1, 2, 2, 3, 3, 4, 4});
  CHECK(quartile_scores(v, false) == std::vector<int>{4, 4, 3, 3, 2, 2, 1, 1});
  const std::vector<double> tied{0, 0, 0, 0, 0, 5, 6, 7};
  CHECK(quartile_scores(tied) == std::vector<int>{1, 1, 1, 1, 1, 3, 4, 4});
}

TEST_CASE("final score with the report's weights and fifths cut-offs") {
  // Ten customers increasing in every variable: scores 1,1,1,2,2,3,3,3,4,4 (rank·4/10).
  std::vector<SegmentInput> c;
  for (int i = 0; i < 10; ++i) c.push_back({double(i), double(i), double(i), double(i), double(i)});
  const SegmentResult r = weighted_segments(c);
  REQUIRE(r.final_score.size() == 10);
  const double wsum = 0.2782 + 0.1076 + 0.1868 + 0.2858 + 0.1417;
  CHECK(r.final_score[0] == doctest::Approx(1 * wsum));
  CHECK(r.final_score[9] == doctest::Approx(4 * wsum));
  CHECK(r.segments[0] == Segment::at_risk);
  CHECK(r.segments[9] == Segment::vip);
  std::map<Segment, int> n;
  for (Segment s : r.segments) ++n[s];
  CHECK(n.size() >= 4);
  CHECK(to_string(Segment::at_risk) == "At Risk");
  // Monotone: a better score never lands in a lower segment.
  for (std::size_t i = 1; i < 10; ++i) CHECK(static_cast<int>(r.segments[i]) <= static_cast<int>(r.segments[i - 1]));
}

TEST_CASE("weights matter: a customer strong only in T beats one strong only in frequency") {
  std::vector<SegmentInput> c(8);
  for (int i = 0; i < 8; ++i) c[static_cast<std::size_t>(i)] = {1, 1, 1, 1, 1};
  c[0].T = 100;          // top quartile in T (weight 0.2858)
  c[1].frequency = 100;  // top quartile in frequency (weight 0.1076)
  const SegmentResult r = weighted_segments(c);
  CHECK(r.final_score[0] > r.final_score[1]);
  SegmentOptions o;
  o.weights = {0, 1, 0, 0, 0};
  const SegmentResult f = weighted_segments(c, o);
  CHECK(f.final_score[1] > f.final_score[0]);
}

TEST_CASE("weights learned from clusters favour the variable that separates them") {
  std::vector<SegmentInput> c;
  std::vector<int> labels;
  for (int i = 0; i < 40; ++i) {
    const int cluster = i < 20 ? 0 : 1;
    // monetary separates the clusters; the others are noise-like interleavings.
    c.push_back({double(i % 7), double(i % 5), cluster * 1000.0 + i, double(i % 3), double((i * 7) % 11)});
    labels.push_back(cluster);
  }
  const SegmentWeights w = weights_from_clusters(c, labels);
  CHECK(w.recency + w.frequency + w.monetary + w.T + w.clv == doctest::Approx(1.0));
  CHECK(w.monetary > 0.5);
  CHECK(w.monetary > w.recency);
}
