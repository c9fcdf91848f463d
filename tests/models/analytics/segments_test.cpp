// Weighted segments of report 001.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>

#include "smartstore/models/bgnbd.h"
#include "smartstore/models/clv.h"
#include "smartstore/models/gamma_gamma.h"
#include "smartstore/models/kmeans.h"
#include "smartstore/models/lpoint_csv.h"
#include "smartstore/models/rfm.h"
#include "smartstore/models/segments.h"
#include "support/test_paths.h"

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
  for (std::size_t i = 1; i < 10; ++i)
    CHECK(static_cast<int>(r.segments[i]) <= static_cast<int>(r.segments[i - 1]));
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

TEST_CASE("report 001 pipeline on the marketing-insights data: RFM+T, CLV, k-means, segments") {
  using namespace smartstore::testing;
  const auto sales =
      read_purchases(data_path("analytics/mi_online_sales.csv").string(), mi_sales_purchase_options());
  REQUIRE(sales.ok());
  std::vector<Transaction> tx;
  Day last = 0;
  for (const Purchase& p : sales.data.rows) {
    tx.push_back({p.customer, p.day, static_cast<double>(p.amount_krw)});
    last = std::max(last, p.day);
  }
  RfmtOptions o;
  o.calibration_end = last;
  const auto all = rfmt_summary(tx, o);
  CHECK(all.size() == sales.data.customers.size());
  const auto rows = remove_rfmt_outliers(all);
  CHECK(rows.size() < all.size());
  CHECK(rows.size() > all.size() * 98 / 100);
  const auto bg_fit = fit_bgnbd(rows);
  REQUIRE(bg_fit);
  const BgNbdFit& bg = *bg_fit;
  const auto gg_fit = fit_gamma_gamma(rows);
  REQUIRE(gg_fit);
  const GammaGammaFit& gg = *gg_fit;
  const auto clv = customer_clv(bg.params, gg.params, rows, ClvOptions{90});
  Eigen::MatrixXd x(static_cast<Eigen::Index>(rows.size()), 5);
  std::vector<SegmentInput> inputs;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto r = static_cast<Eigen::Index>(i);
    x.row(r) << rows[i].recency, rows[i].frequency, rows[i].monetary, rows[i].T, clv[i].clv;
    inputs.push_back({rows[i].recency, rows[i].frequency, rows[i].monetary, rows[i].T, clv[i].clv});
    CHECK((clv[i].clv >= 0 && clv[i].p_alive >= 0 && clv[i].p_alive <= 1));
  }
  const KMeansResult km = kmeans(standardize(x), {4, 5, 200, 1e-10, 42});
  std::map<int, int> cluster_sizes;
  for (int l : km.labels) ++cluster_sizes[l];
  CHECK(cluster_sizes.size() == 4);
  const SegmentResult seg = weighted_segments(inputs);
  std::map<Segment, std::size_t> by_segment;
  for (Segment s : seg.segments) ++by_segment[s];
  std::size_t total = 0;
  for (const auto& [s, n] : by_segment) total += n;
  CHECK(total == rows.size());
  CHECK(by_segment.size() == 5);
  // Higher segments are worth more: mean CLV of VIP above At Risk.
  double vip = 0, risk = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (seg.segments[i] == Segment::vip) vip += clv[i].clv / static_cast<double>(by_segment[Segment::vip]);
    if (seg.segments[i] == Segment::at_risk)
      risk += clv[i].clv / static_cast<double>(by_segment[Segment::at_risk]);
  }
  CHECK(vip > risk);
  const SegmentWeights learned = weights_from_clusters(inputs, km.labels);
  CHECK(learned.recency + learned.frequency + learned.monetary + learned.T + learned.clv ==
        doctest::Approx(1.0));
}
