#include "smartstore/models/gamma_gamma.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "bfgs.h"
#include "special_functions.h"

namespace smartstore::models {

using analytics::digamma;
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

namespace {

// Repeat buyers grouped by (x, m) with counts, each term's x as an index
// into the distinct frequencies: the gamma-function terms depend on x alone
// (a few dozen values), per group only log(m) (fixed) and log(x·m + v) remain.
struct SpendProblem {
  std::vector<double> xs, weight_of_x;
  struct Term {
    std::size_t x;
    double m, log_m, w;
  };
  std::vector<Term> terms;
  double n = 0;

  explicit SpendProblem(std::vector<std::pair<double, double>> data) {
    std::sort(data.begin(), data.end());
    for (std::size_t i = 0; i < data.size(); ++i) {
      const auto [x, m] = data[i];
      if (i > 0 && data[i - 1] == data[i]) {
        terms.back().w += 1;
      } else {
        if (xs.empty() || xs.back() != x) xs.push_back(x), weight_of_x.push_back(0);
        terms.push_back({xs.size() - 1, m, std::log(m), 1});
      }
      weight_of_x.back() += 1;
    }
    n = static_cast<double>(data.size());
  }

  // Mean negative log-likelihood at log-parameters lp, and its gradient.
  double operator()(const Eigen::VectorXd& lp, Eigen::VectorXd& grad) const {
    const double p = std::exp(lp(0)), q = std::exp(lp(1)), v = std::exp(lp(2));
    double sum = n * (-log_gamma(q) + q * std::log(v)), dp = 0, dq = n * (-digamma(q) + std::log(v)),
           dv = n * q / v;
    for (std::size_t i = 0; i < xs.size(); ++i) {
      const double x = xs[i], w = weight_of_x[i], psi = digamma(p * x + q);
      sum += w * (log_gamma(p * x + q) - log_gamma(p * x) + p * x * std::log(x));
      dp += w * x * (psi - digamma(p * x) + std::log(x));
      dq += w * psi;
    }
    for (const Term& t : terms) {
      const double x = xs[t.x], log_xmv = std::log(x * t.m + v);
      sum += t.w * ((p * x - 1) * t.log_m - (p * x + q) * log_xmv);
      dp += t.w * x * (t.log_m - log_xmv);
      dq -= t.w * log_xmv;
      dv -= t.w * (p * x + q) / (x * t.m + v);
    }
    grad << -dp * p / n, -dq * q / n, -dv * v / n;
    return -sum / n;
  }
};

}  // namespace

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
  const SpendProblem problem(std::move(data));
  const auto result =
      analytics::bfgs(std::cref(problem), Eigen::VectorXd::Zero(3), options.max_iterations, 1e-12);
  if (!std::isfinite(result.value))
    return fail(ErrorKind::invalid_input, "the likelihood is not finite anywhere the optimizer looked",
                "models");
  fit.params = {std::exp(result.x(0)), std::exp(result.x(1)), std::exp(result.x(2))};
  fit.log_likelihood = -result.value * problem.n;
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
