#include "smartstore/models/matrix_factorization.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "seeded_random.h"
#include "unbought_ranking.h"

namespace smartstore::models {

double FactorizationModel::predict_scaled(std::size_t u, std::size_t c) const {
  double s = global_mean + customer_bias[u] + category_bias[c];
  for (std::size_t f = 0; f < factors; ++f) s += p[u * factors + f] * q[c * factors + f];
  return s;
}

double FactorizationModel::predict_spend(std::size_t u, std::size_t c) const {
  const double range = category_max[c] - category_min[c];
  return category_min[c] + predict_scaled(u, c) * (range > 0 ? range : 1.0);
}

FactorizationModel fit_factorization(const SpendMatrix& spend, const FactorizationOptions& options) {
  FactorizationModel m;
  m.customers = spend.customers;
  m.categories = spend.categories;
  m.factors = options.factors;
  m.category_min.assign(spend.categories, std::numeric_limits<double>::infinity());
  m.category_max.assign(spend.categories, -std::numeric_limits<double>::infinity());
  struct Cell {
    std::size_t u, c;
    double r;
  };
  std::vector<Cell> cells;
  // Every cell is trained, unbought ones as 0: with purchased cells only the
  // model never learns that a taste group avoids a category, and the top
  // "unbought" pick degenerates to the category with the highest minimum.
  // MinMax runs over the dense column, as a scaler on the matrix would.
  for (std::size_t u = 0; u < spend.customers; ++u)
    for (std::size_t c = 0; c < spend.categories; ++c) {
      const double v = std::max(0.0, spend.at(u, c));
      cells.push_back({u, c, v});
      m.category_min[c] = std::min(m.category_min[c], v);
      m.category_max[c] = std::max(m.category_max[c], v);
    }
  for (std::size_t c = 0; c < spend.categories; ++c)
    if (m.category_min[c] > m.category_max[c]) m.category_min[c] = m.category_max[c] = 0;
  double sum = 0;
  for (auto& cell : cells) {
    const double range = m.category_max[cell.c] - m.category_min[cell.c];
    cell.r = range > 0 ? (cell.r - m.category_min[cell.c]) / range : 0.0;
    sum += cell.r;
  }
  m.global_mean = cells.empty() ? 0 : sum / static_cast<double>(cells.size());

  predictive::SeededRandom rng(options.seed);
  const double sd = 1.0 / static_cast<double>(std::max<std::size_t>(options.factors, 1));
  m.p.resize(spend.customers * options.factors);
  m.q.resize(spend.categories * options.factors);
  for (double& x : m.p) x = rng.normal(0, sd);
  for (double& x : m.q) x = rng.normal(0, sd);
  m.customer_bias.assign(spend.customers, 0);
  m.category_bias.assign(spend.categories, 0);

  const double lr = options.learning_rate, beta = options.l2;
  for (std::size_t epoch = 0; epoch < options.epochs; ++epoch) {
    for (std::size_t i = cells.size(); i > 1; --i) std::swap(cells[i - 1], cells[rng.below(i)]);
    for (const auto& cell : cells) {
      const double e = cell.r - m.predict_scaled(cell.u, cell.c);
      m.customer_bias[cell.u] += lr * (e - beta * m.customer_bias[cell.u]);
      m.category_bias[cell.c] += lr * (e - beta * m.category_bias[cell.c]);
      double* pu = &m.p[cell.u * m.factors];
      double* qc = &m.q[cell.c * m.factors];
      for (std::size_t f = 0; f < m.factors; ++f) {
        const double old_p = pu[f];
        pu[f] += lr * (e * qc[f] - beta * pu[f]);
        qc[f] += lr * (e * old_p - beta * qc[f]);
      }
    }
    double se = 0;
    for (const auto& cell : cells) se += std::pow(cell.r - m.predict_scaled(cell.u, cell.c), 2);
    m.epoch_rmse.push_back(cells.empty() ? 0 : std::sqrt(se / static_cast<double>(cells.size())));
  }
  return m;
}

std::vector<std::size_t> recommend_unbought(const FactorizationModel& model, const SpendMatrix& spend,
                                            std::size_t customer, std::size_t n) {
  return predictive::top_unbought(spend, customer, n, [&](std::size_t c) { return model.predict_spend(customer, c); });
}

}  // namespace smartstore::models
