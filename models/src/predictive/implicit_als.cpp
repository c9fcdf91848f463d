#include <Eigen/Dense>
#include <algorithm>
#include <cmath>

#include "seeded_random.h"
#include "unbought_ranking.h"
#include "smartstore/models/matrix_factorization.h"

namespace smartstore::models {
namespace {

using Matrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// One side's least squares given the other side's factors: for each row r,
// (F^T C_r F + l2 I) x_r = F^T C_r p_r, with C_r = diag(confidence[r, .]).
void solve_side(const Matrix& fixed, const std::vector<double>& confidence, std::size_t rows, std::size_t cols,
                bool transposed, double l2, Matrix& out) {
  const auto k = fixed.cols();
  const Eigen::MatrixXd gram = fixed.transpose() * fixed;
  for (std::size_t r = 0; r < rows; ++r) {
    Eigen::MatrixXd a = gram;
    Eigen::VectorXd b = Eigen::VectorXd::Zero(k);
    for (std::size_t c = 0; c < cols; ++c) {
      const double conf = transposed ? confidence[c * rows + r] : confidence[r * cols + c];
      if (conf <= 0) continue;  // unbought: confidence 1, preference 0 — already in the Gram matrix
      const auto f = fixed.row(static_cast<Eigen::Index>(c)).transpose();
      a += conf * f * f.transpose();  // (1 + conf) - 1
      b += (1.0 + conf) * f;
    }
    a.diagonal().array() += l2;
    out.row(static_cast<Eigen::Index>(r)) = a.ldlt().solve(b).transpose();
  }
}

}  // namespace

double ImplicitAlsModel::score(std::size_t u, std::size_t c) const {
  double s = 0;
  for (std::size_t f = 0; f < factors; ++f) s += x[u * factors + f] * y[c * factors + f];
  return s;
}

ImplicitAlsModel fit_implicit_als(const SpendMatrix& spend, const ImplicitAlsOptions& options) {
  ImplicitAlsModel m;
  m.customers = spend.customers;
  m.categories = spend.categories;
  m.factors = std::max<std::size_t>(options.factors, 1);
  // Extra confidence (c - 1) of each bought cell; 0 for unbought ones.
  std::vector<double> mean(spend.categories, 0), buyers(spend.categories, 0);
  for (std::size_t u = 0; u < spend.customers; ++u)
    for (std::size_t c = 0; c < spend.categories; ++c)
      if (spend.at(u, c) > 0) mean[c] += spend.at(u, c), buyers[c] += 1;
  for (std::size_t c = 0; c < spend.categories; ++c) mean[c] = buyers[c] > 0 ? mean[c] / buyers[c] : 1.0;
  std::vector<double> extra(spend.customers * spend.categories, 0);
  for (std::size_t u = 0; u < spend.customers; ++u)
    for (std::size_t c = 0; c < spend.categories; ++c)
      if (spend.at(u, c) > 0) extra[u * spend.categories + c] = options.alpha * std::log1p(spend.at(u, c) / mean[c]) + 1e-9;

  const auto k = static_cast<Eigen::Index>(m.factors);
  Matrix x(static_cast<Eigen::Index>(spend.customers), k), y(static_cast<Eigen::Index>(spend.categories), k);
  predictive::SeededRandom rng(options.seed);
  for (Eigen::Index i = 0; i < y.size(); ++i) y.data()[i] = rng.normal(0, 0.1);
  x.setZero();
  for (std::size_t it = 0; it < options.iterations; ++it) {
    solve_side(y, extra, spend.customers, spend.categories, false, options.l2, x);
    solve_side(x, extra, spend.categories, spend.customers, true, options.l2, y);
  }
  m.x.assign(x.data(), x.data() + x.size());
  m.y.assign(y.data(), y.data() + y.size());
  return m;
}

std::vector<std::size_t> recommend_unbought(const ImplicitAlsModel& model, const SpendMatrix& spend,
                                            std::size_t customer, std::size_t n) {
  return predictive::top_unbought(spend, customer, n, [&](std::size_t c) { return model.score(customer, c); });
}

}  // namespace smartstore::models
