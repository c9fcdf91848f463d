#include "smartstore/models/gamma_gamma.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "nelder_mead.h"
#include "special_functions.h"

namespace smartstore::models {

using analytics::log_gamma;

double gamma_gamma_log_likelihood(const GammaGammaParams& g, double x, double m) {
  return log_gamma(g.p * x + g.q) - log_gamma(g.p * x) - log_gamma(g.q) + g.q * std::log(g.v) +
         (g.p * x - 1) * std::log(m) + g.p * x * std::log(x) - (g.p * x + g.q) * std::log(x * m + g.v);
}

double round_half_up_to_cents(double amount) {
  // Amounts are means of a few cent values, so a decimal tie sits within a
  // few ulps of k + 0.5 cents; the nudge (1e-9 relative) is far below any
  // real distance from a tie (at least 1/(2n) cent for a mean of n values).
  const double cents = std::abs(amount) * 100;
  const double rounded = std::floor(cents + 0.5 + cents * 1e-9) / 100;
  return std::copysign(rounded, amount);
}

Result<GammaGammaFit> fit_gamma_gamma(std::span<const RfmtRow> rows, int max_iterations) {
  GammaGammaOptions options;
  options.max_iterations = max_iterations;
  return fit_gamma_gamma(rows, options);
}

Result<GammaGammaFit> fit_gamma_gamma(std::span<const RfmtRow> rows, const GammaGammaOptions& options) {
  GammaGammaFit fit;
  std::vector<std::pair<double, double>> data;
  for (const RfmtRow& r : rows) {
    const double m = options.round_monetary_to_cents ? round_half_up_to_cents(r.monetary) : r.monetary;
    if (r.frequency > 0 && m > 0) data.emplace_back(r.frequency, m);
  }
  fit.sample_size = data.size();
  if (data.empty())
    return fail(ErrorKind::invalid_input, "no repeat buyers with a positive monetary value", "models");
  // Terms in x alone are computed once per distinct frequency (a few dozen);
  // per row only log(m) (fixed) and log(x·m + v) remain.
  std::sort(data.begin(), data.end());
  std::vector<double> xs;
  struct Row {
    std::size_t x_index;
    double x, m, log_m;
  };
  std::vector<Row> prepared;
  prepared.reserve(data.size());
  for (const auto& [x, m] : data) {
    if (xs.empty() || xs.back() != x) xs.push_back(x);
    prepared.push_back({xs.size() - 1, x, m, std::log(m)});
  }
  const double n = static_cast<double>(data.size());
  std::vector<double> by_x(xs.size());
  auto objective = [&](const Eigen::VectorXd& lp) {
    const double p = std::exp(lp(0)), q = std::exp(lp(1)), v = std::exp(lp(2));
    const double common = -log_gamma(q) + q * std::log(v);
    for (std::size_t i = 0; i < xs.size(); ++i)
      by_x[i] = common + log_gamma(p * xs[i] + q) - log_gamma(p * xs[i]) + p * xs[i] * std::log(xs[i]);
    double sum = 0;
    for (const Row& r : prepared)
      sum += by_x[r.x_index] + (p * r.x - 1) * r.log_m - (p * r.x + q) * std::log(r.x * r.m + v);
    return -sum / n;
  };
  const auto result =
      analytics::nelder_mead(objective, Eigen::VectorXd::Zero(3), options.max_iterations, 1e-12);
  if (!std::isfinite(result.value))
    return fail(ErrorKind::invalid_input, "the likelihood is not finite anywhere the optimizer looked",
                "models");
  fit.params = {std::exp(result.x(0)), std::exp(result.x(1)), std::exp(result.x(2))};
  fit.log_likelihood = -result.value * n;
  fit.iterations = result.iterations;
  fit.converged = result.converged;
  return fit;
}

double gamma_gamma_expected_spend(const GammaGammaParams& g, double frequency, double monetary) {
  const double population_mean = g.v * g.p / (g.q - 1);
  if (frequency <= 0) return population_mean;
  const double w = g.p * frequency / (g.p * frequency + g.q - 1);
  return (1 - w) * population_mean + w * monetary;
}

}  // namespace smartstore::models
