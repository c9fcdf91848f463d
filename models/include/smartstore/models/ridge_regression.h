#pragma once
// Ridge regression on standardized features with an unpenalized intercept,
// solved in closed form with Eigen (kept out of the public headers).
#include <vector>

namespace smartstore::models {

struct RidgeModel {
  std::vector<double> mean, scale, weights;
  double intercept = 0;
  double predict(const std::vector<double>& x) const;
};

// Rows of `x` all have the same length; `lambda` penalizes standardized weights.
RidgeModel fit_ridge(const std::vector<std::vector<double>>& x, const std::vector<double>& y, double lambda);

}  // namespace smartstore::models
