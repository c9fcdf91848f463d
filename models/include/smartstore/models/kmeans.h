#pragma once
// k-means (k-means++ seeding, several restarts, deterministic seed) and the
// silhouette score to choose k (reports 001, 002). Rows are points.
#include <cstdint>
#include <span>
#include <vector>

#include <Eigen/Core>

namespace smartstore::models {

struct KMeansOptions {
  int k = 4;
  int restarts = 10;
  int max_iterations = 300;
  double tolerance = 1e-8;  // stop when no centroid moves more than this (squared)
  std::uint64_t seed = 42;
};

struct KMeansResult {
  Eigen::MatrixXd centroids;  // k × d
  std::vector<int> labels;    // per row, 0..k-1
  double inertia = 0;         // Σ squared distance to own centroid
  int iterations = 0;         // of the best restart
};

[[nodiscard]] KMeansResult kmeans(const Eigen::MatrixXd& points, const KMeansOptions& options = {});

// Mean silhouette. Exact for up to max_samples rows; above that on a
// deterministic sample of max_samples rows (distances still to all rows).
[[nodiscard]] double silhouette(const Eigen::MatrixXd& points, std::span<const int> labels,
                                std::size_t max_samples = 2000, std::uint64_t seed = 42);

struct KChoice {
  int k = 0;                        // best silhouette
  std::vector<double> silhouettes;  // for k_min..k_max
  KMeansResult result;              // of the best k
};
[[nodiscard]] KChoice choose_k(const Eigen::MatrixXd& points, int k_min = 2, int k_max = 8,
                               const KMeansOptions& options = {}, std::size_t silhouette_samples = 2000);

// Columns scaled to mean 0, standard deviation 1 (constant columns to 0).
[[nodiscard]] Eigen::MatrixXd standardize(const Eigen::MatrixXd& points);

}  // namespace smartstore::models
