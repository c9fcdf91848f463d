#pragma once
// Matrix factorization of the customer x category spend matrix (report 003):
// MinMax-scale each category, learn k latent factors per customer and
// category (plus biases) by SGD with L2 on every cell (unbought = 0), map predictions back to
// money and recommend the best categories the customer has not bought.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace smartstore::models {

// Row-major customers x categories; 0 means "not bought".
struct SpendMatrix {
  std::size_t customers = 0;
  std::size_t categories = 0;
  std::vector<double> spend;
  double at(std::size_t u, std::size_t c) const { return spend[u * categories + c]; }
};

struct FactorizationOptions {
  std::size_t factors = 4;       // k
  double learning_rate = 0.1;
  double l2 = 0.1;               // beta in (R - PQ^T)^2 + beta/2 (|P|^2 + |Q|^2)
  std::size_t epochs = 10;
  std::uint64_t seed = 20240601; // own PRNG: the same seed gives the same model everywhere
};

struct FactorizationModel {
  std::size_t customers = 0, categories = 0, factors = 0;
  std::vector<double> p, q;                  // customers x k, categories x k
  std::vector<double> customer_bias, category_bias;
  double global_mean = 0;                    // of the scaled cells
  std::vector<double> category_min, category_max;  // MinMax scaling per category column
  std::vector<double> epoch_rmse;            // training RMSE (scaled) after each epoch
  // Predicted scaled value and the same in money.
  double predict_scaled(std::size_t u, std::size_t c) const;
  double predict_spend(std::size_t u, std::size_t c) const;
};

FactorizationModel fit_factorization(const SpendMatrix& spend, const FactorizationOptions& options);

// The n categories with the highest predicted spend among those the customer
// has not bought (report 003: top 2).
std::vector<std::size_t> recommend_unbought(const FactorizationModel& model, const SpendMatrix& spend,
                                            std::size_t customer, std::size_t n = 2);

// Implicit-feedback alternative (Hu, Koren & Volinsky 2008): preference
// p = 1 for a bought category, confidence c = 1 + alpha * log1p(spend / the
// category's mean positive spend), factors by alternating least squares.
struct ImplicitAlsOptions {
  std::size_t factors = 4;
  double alpha = 10.0;
  double l2 = 0.1;
  std::size_t iterations = 10;
  std::uint64_t seed = 20240601;
};

struct ImplicitAlsModel {
  std::size_t customers = 0, categories = 0, factors = 0;
  std::vector<double> x, y;  // customers x k, categories x k
  double score(std::size_t u, std::size_t c) const;
};

ImplicitAlsModel fit_implicit_als(const SpendMatrix& spend, const ImplicitAlsOptions& options);
std::vector<std::size_t> recommend_unbought(const ImplicitAlsModel& model, const SpendMatrix& spend,
                                            std::size_t customer, std::size_t n = 2);

}  // namespace smartstore::models
