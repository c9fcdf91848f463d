#include "smartstore/models/ridge_regression.h"

#include <Eigen/Dense>
#include <cmath>

namespace smartstore::models {

double RidgeModel::predict(const std::vector<double>& x) const {
  double s = intercept;
  for (std::size_t j = 0; j < weights.size(); ++j) s += weights[j] * (x[j] - mean[j]) / scale[j];
  return s;
}

RidgeModel fit_ridge(const std::vector<std::vector<double>>& x, const std::vector<double>& y, double lambda) {
  RidgeModel m;
  const auto n = static_cast<Eigen::Index>(x.size());
  if (n == 0) return m;
  const auto d = static_cast<Eigen::Index>(x.front().size());
  Eigen::MatrixXd a(n, d);
  Eigen::VectorXd b(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    for (Eigen::Index j = 0; j < d; ++j) a(i, j) = x[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)];
    b(i) = y[static_cast<std::size_t>(i)];
  }
  m.mean.resize(static_cast<std::size_t>(d));
  m.scale.resize(static_cast<std::size_t>(d));
  for (Eigen::Index j = 0; j < d; ++j) {
    const double mu = a.col(j).mean();
    const double sd = std::sqrt((a.col(j).array() - mu).square().sum() / static_cast<double>(n));
    m.mean[static_cast<std::size_t>(j)] = mu;
    m.scale[static_cast<std::size_t>(j)] = sd > 1e-12 ? sd : 1.0;  // constant columns get weight ~0
    a.col(j) = (a.col(j).array() - mu) / m.scale[static_cast<std::size_t>(j)];
  }
  m.intercept = b.mean();
  const Eigen::VectorXd centred = b.array() - m.intercept;
  Eigen::MatrixXd gram = a.transpose() * a;
  gram.diagonal().array() += lambda;
  const Eigen::VectorXd w = gram.ldlt().solve(a.transpose() * centred);
  m.weights.assign(w.data(), w.data() + w.size());
  return m;
}

}  // namespace smartstore::models
