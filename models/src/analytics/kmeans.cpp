#include "smartstore/models/kmeans.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>

namespace smartstore::models {

namespace {
using Matrix = Eigen::MatrixXd;

// k-means++ seeding: each next centre drawn with probability ∝ D(x)².
Matrix seed_centroids(const Matrix& x, int k, std::mt19937_64& rng) {
  const Eigen::Index n = x.rows();
  Matrix c(k, x.cols());
  std::uniform_int_distribution<Eigen::Index> first(0, n - 1);
  c.row(0) = x.row(first(rng));
  Eigen::VectorXd d2 = (x.rowwise() - c.row(0)).rowwise().squaredNorm();
  std::uniform_real_distribution<double> u(0.0, 1.0);
  for (int j = 1; j < k; ++j) {
    const double total = d2.sum();
    Eigen::Index pick = 0;
    if (total > 0) {
      double target = u(rng) * total;
      for (pick = 0; pick < n - 1; ++pick) {
        target -= d2(pick);
        if (target <= 0) break;
      }
    } else {
      pick = first(rng);
    }
    c.row(j) = x.row(pick);
    d2 = d2.cwiseMin((x.rowwise() - c.row(j)).rowwise().squaredNorm());
  }
  return c;
}

KMeansResult lloyd(const Matrix& x, Matrix c, const KMeansOptions& o) {
  const Eigen::Index n = x.rows();
  const int k = static_cast<int>(c.rows());
  KMeansResult r;
  r.labels.assign(static_cast<std::size_t>(n), 0);
  for (r.iterations = 1; r.iterations <= o.max_iterations; ++r.iterations) {
    // Assignment: ‖x − c‖² = ‖x‖² − 2x·c + ‖c‖²; the ‖x‖² term does not change the argmin.
    const Matrix cross = x * c.transpose();
    const Eigen::VectorXd cn = c.rowwise().squaredNorm();
    for (Eigen::Index i = 0; i < n; ++i) {
      Eigen::Index best = 0;
      (cn.transpose() - 2.0 * cross.row(i)).minCoeff(&best);
      r.labels[static_cast<std::size_t>(i)] = static_cast<int>(best);
    }
    Matrix next = Matrix::Zero(k, x.cols());
    std::vector<double> count(static_cast<std::size_t>(k), 0.0);
    for (Eigen::Index i = 0; i < n; ++i) {
      const int l = r.labels[static_cast<std::size_t>(i)];
      next.row(l) += x.row(i);
      count[static_cast<std::size_t>(l)] += 1;
    }
    for (int j = 0; j < k; ++j) {
      // An emptied cluster keeps its centre rather than collapsing to the origin.
      if (count[static_cast<std::size_t>(j)] > 0) next.row(j) /= count[static_cast<std::size_t>(j)];
      else next.row(j) = c.row(j);
    }
    const double moved = (next - c).rowwise().squaredNorm().maxCoeff();
    c = std::move(next);
    if (moved <= o.tolerance) break;
  }
  r.iterations = std::min(r.iterations, o.max_iterations);
  r.inertia = 0;
  for (Eigen::Index i = 0; i < n; ++i) {
    Eigen::Index best = 0;
    r.inertia += (c.rowwise() - x.row(i)).rowwise().squaredNorm().minCoeff(&best);
    r.labels[static_cast<std::size_t>(i)] = static_cast<int>(best);
  }
  r.centroids = std::move(c);
  return r;
}
}  // namespace

KMeansResult kmeans(const Eigen::MatrixXd& points, const KMeansOptions& options) {
  KMeansResult best;
  best.inertia = std::numeric_limits<double>::infinity();
  if (points.rows() == 0 || options.k <= 0) return best;
  KMeansOptions o = options;
  o.k = static_cast<int>(std::min<Eigen::Index>(o.k, points.rows()));
  std::mt19937_64 rng(o.seed);
  for (int restart = 0; restart < std::max(1, o.restarts); ++restart) {
    KMeansResult r = lloyd(points, seed_centroids(points, o.k, rng), o);
    if (r.inertia < best.inertia) best = std::move(r);
  }
  return best;
}

double silhouette(const Eigen::MatrixXd& points, std::span<const int> labels, std::size_t max_samples,
                  std::uint64_t seed) {
  const auto n = static_cast<std::size_t>(points.rows());
  if (n < 2 || labels.size() != n) return 0;
  const int k = *std::max_element(labels.begin(), labels.end()) + 1;
  if (k < 2) return 0;
  std::vector<std::size_t> sample(n);
  std::iota(sample.begin(), sample.end(), 0);
  if (n > max_samples) {
    std::mt19937_64 rng(seed);
    std::shuffle(sample.begin(), sample.end(), rng);
    sample.resize(max_samples);
  }
  std::vector<double> size(static_cast<std::size_t>(k), 0);
  for (int l : labels) size[static_cast<std::size_t>(l)] += 1;
  double total = 0;
  std::vector<double> sum(static_cast<std::size_t>(k));
  for (std::size_t i : sample) {
    std::fill(sum.begin(), sum.end(), 0.0);
    const Eigen::VectorXd d = (points.rowwise() - points.row(static_cast<Eigen::Index>(i))).rowwise().norm();
    for (std::size_t j = 0; j < n; ++j) sum[static_cast<std::size_t>(labels[j])] += d(static_cast<Eigen::Index>(j));
    const auto own = static_cast<std::size_t>(labels[i]);
    if (size[own] <= 1) continue;  // silhouette of a singleton is 0
    const double a = sum[own] / (size[own] - 1);
    double b = std::numeric_limits<double>::infinity();
    for (std::size_t c = 0; c < sum.size(); ++c)
      if (c != own && size[c] > 0) b = std::min(b, sum[c] / size[c]);
    const double m = std::max(a, b);
    total += m > 0 ? (b - a) / m : 0;
  }
  return total / static_cast<double>(sample.size());
}

KChoice choose_k(const Eigen::MatrixXd& points, int k_min, int k_max, const KMeansOptions& options,
                 std::size_t silhouette_samples) {
  KChoice choice;
  double best = -std::numeric_limits<double>::infinity();
  for (int k = std::max(2, k_min); k <= k_max; ++k) {
    KMeansOptions o = options;
    o.k = k;
    KMeansResult r = kmeans(points, o);
    const double s = silhouette(points, r.labels, silhouette_samples, options.seed);
    choice.silhouettes.push_back(s);
    if (s > best) {
      best = s;
      choice.k = k;
      choice.result = std::move(r);
    }
  }
  return choice;
}

Eigen::MatrixXd standardize(const Eigen::MatrixXd& points) {
  Eigen::MatrixXd out = points;
  if (points.rows() == 0) return out;
  const Eigen::RowVectorXd mean = points.colwise().mean();
  out.rowwise() -= mean;
  for (Eigen::Index j = 0; j < out.cols(); ++j) {
    const double sd = std::sqrt(out.col(j).squaredNorm() / static_cast<double>(out.rows()));
    if (sd > 0) out.col(j) /= sd;
    else out.col(j).setZero();
  }
  return out;
}

}  // namespace smartstore::models
