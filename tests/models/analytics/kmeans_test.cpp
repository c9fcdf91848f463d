// k-means++ with restarts and the silhouette choice of k.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <set>

#include "smartstore/models/kmeans.h"

using namespace smartstore::models;

namespace {
// Three well-separated Gaussian blobs of 60 points in 2-D.
Eigen::MatrixXd blobs(std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> noise(0.0, 0.3);
  const double centres[3][2] = {{0, 0}, {5, 5}, {0, 8}};
  Eigen::MatrixXd x(180, 2);
  for (int i = 0; i < 180; ++i) {
    x(i, 0) = centres[i / 60][0] + noise(rng);
    x(i, 1) = centres[i / 60][1] + noise(rng);
  }
  return x;
}
}  // namespace

TEST_CASE("hand-checked: two pairs of points") {
  Eigen::MatrixXd x(4, 1);
  x << 0, 1, 10, 11;
  const KMeansResult r = kmeans(x, {2, 5, 100, 1e-12, 7});
  REQUIRE(r.labels.size() == 4);
  CHECK(r.labels[0] == r.labels[1]);
  CHECK(r.labels[2] == r.labels[3]);
  CHECK(r.labels[0] != r.labels[2]);
  CHECK(r.inertia == doctest::Approx(1.0));  // 4 × 0.5²
  const double lo = std::min(r.centroids(0, 0), r.centroids(1, 0));
  const double hi = std::max(r.centroids(0, 0), r.centroids(1, 0));
  CHECK(lo == doctest::Approx(0.5));
  CHECK(hi == doctest::Approx(10.5));
  // Silhouette by hand for point 0: a = 1, b = mean(10, 11) = 10.5 → 1 − 1/10.5.
  const std::vector<int> labels{0, 0, 1, 1};
  const double s0 = 1 - 1 / 10.5, s1 = 1 - 1 / 9.5, s2 = 1 - 1 / 9.5, s3 = 1 - 1 / 10.5;
  CHECK(silhouette(x, labels) == doctest::Approx((s0 + s1 + s2 + s3) / 4));
}

TEST_CASE("blobs: recovered exactly, deterministic for a seed, k = 3 by silhouette") {
  const Eigen::MatrixXd x = blobs(1);
  const KMeansResult a = kmeans(x, {3, 10, 300, 1e-10, 42});
  const KMeansResult b = kmeans(x, {3, 10, 300, 1e-10, 42});
  CHECK(a.labels == b.labels);
  for (int blob = 0; blob < 3; ++blob) {
    std::set<int> seen;
    for (int i = blob * 60; i < blob * 60 + 60; ++i) seen.insert(a.labels[static_cast<std::size_t>(i)]);
    CHECK(seen.size() == 1);
  }
  const KChoice c = choose_k(x, 2, 6);
  CHECK(c.k == 3);
  REQUIRE(c.silhouettes.size() == 5);
  CHECK(c.silhouettes[1] > 0.8);
  CHECK(c.silhouettes[1] > c.silhouettes[0]);
  CHECK(c.silhouettes[1] > c.silhouettes[2]);
  // Sampled silhouette is close to the exact one.
  CHECK(silhouette(x, a.labels, 60, 3) == doctest::Approx(silhouette(x, a.labels)).epsilon(0.05));
}

TEST_CASE("standardize: mean 0, sd 1, constant columns 0") {
  Eigen::MatrixXd x(4, 2);
  x << 1, 7, 2, 7, 3, 7, 4, 7;
  const Eigen::MatrixXd z = standardize(x);
  CHECK(z.col(0).mean() == doctest::Approx(0.0));
  CHECK(std::sqrt(z.col(0).squaredNorm() / 4) == doctest::Approx(1.0));
  CHECK(z.col(1).isZero());
  CHECK(kmeans(Eigen::MatrixXd(0, 2)).labels.empty());
}
