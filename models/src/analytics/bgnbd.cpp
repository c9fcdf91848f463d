#include "smartstore/models/bgnbd.h"

#include <algorithm>
#include <cmath>

#include "nelder_mead.h"
#include "special_functions.h"

namespace smartstore::models {

using analytics::log_add_exp;
using analytics::log_gamma;
using analytics::summed_beta_terms;

namespace {

// ln B(a, b + x) − ln B(a, b). For whole x as −Σ_{i<x} ln(1 + a/(b+i)): the
// gamma-function form cancels catastrophically once b is large (towards
// the no-churn boundary), as the fit's sums do (bgnbd_fit.cpp).
double log_beta_ratio(double a, double b, double x) {
  if (!summed_beta_terms(x)) return log_gamma(a + b) + log_gamma(b + x) - log_gamma(b) - log_gamma(a + b + x);
  double sum = 0;
  for (double i = 0; i < x; i += 1) sum -= std::log1p(a / (b + i));
  return sum;
}

}  // namespace

double bgnbd_log_likelihood(const BgNbdParams& p, double x, double t_x, double T) {
  const double a1 = log_gamma(p.r + x) - log_gamma(p.r) + p.r * std::log(p.alpha);
  const double a2 = log_beta_ratio(p.a, p.b, x);
  const double a3 = -(p.r + x) * std::log(p.alpha + T);
  if (x <= 0) return a1 + a2 + a3;
  const double a4 = std::log(p.a) - std::log(p.b + x - 1) - (p.r + x) * std::log(t_x + p.alpha);
  return a1 + a2 + log_add_exp(a3, a4);
}

double bgnbd_log_likelihood(const BgNbdParams& p, std::span<const RfmtRow> rows) {
  double sum = 0;
  for (const RfmtRow& r : rows) sum += bgnbd_log_likelihood(p, r.frequency, r.recency, r.T);
  return sum;
}

Result<BgNbdFit> fit_bgnbd(std::span<const RfmtRow> rows, const BgNbdOptions& options) {
  if (rows.empty()) return fail(ErrorKind::invalid_input, "no customers to fit", "models");
  if (!options.per_customer_reference) {
    const auto groups = bgnbd_groups(rows);
    if (!groups) return groups.error();
    return fit_bgnbd(*groups, options);
  }
  double max_T = 0;
  for (const RfmtRow& r : rows) {
    if (!(r.frequency >= 0) || !(r.recency >= 0) || !(r.T >= r.recency))
      return fail(ErrorKind::invalid_input, "invalid summary row: need frequency >= 0 and 0 <= recency <= T",
                  "models");
    max_T = std::max(max_T, r.T);
  }
  // Times scaled as the grouped fit scales them (longest T = 10).
  const double scale = max_T > 0 ? 10.0 / max_T : 1.0;
  const double n = static_cast<double>(rows.size());
  auto objective = [&](const Eigen::VectorXd& lp) {
    const BgNbdParams p{std::exp(lp(0)), std::exp(lp(1)), std::exp(lp(2)), std::exp(lp(3))};
    double sum = 0;
    for (const RfmtRow& r : rows) sum += bgnbd_log_likelihood(p, r.frequency, r.recency * scale, r.T * scale);
    return -sum / n;
  };
  const auto result =
      analytics::nelder_mead(objective, Eigen::VectorXd::Zero(4), options.max_iterations, 1e-10);
  if (!std::isfinite(result.value))
    return fail(ErrorKind::invalid_input, "the likelihood is not finite anywhere the optimizer looked",
                "models");
  BgNbdFit fit;
  fit.sample_size = rows.size();
  fit.params = {std::exp(result.x(0)), std::exp(result.x(1)) / scale, std::exp(result.x(2)),
                std::exp(result.x(3))};
  fit.log_likelihood = bgnbd_log_likelihood(fit.params, rows);
  fit.iterations = result.iterations;
  fit.converged = result.converged;
  return fit;
}

double hyp2f1(double a, double b, double c, double z) {
  double term = 1.0, sum = 1.0;
  for (int n = 0; n < 1'000'000; ++n) {
    term *= (a + n) * (b + n) / ((c + n) * (n + 1.0)) * z;
    sum += term;
    if (std::abs(term) <= 1e-16 * std::abs(sum)) break;
  }
  return sum;
}

double bgnbd_expected_purchases(const BgNbdParams& p, double t, double x, double t_x, double T) {
  const double z = t / (p.alpha + T + t);
  const double hyp = hyp2f1(p.r + x, p.b + x, p.a + p.b + x - 1, z);
  const double first = (p.a + p.b + x - 1) / (p.a - 1);
  const double second = 1 - hyp * std::pow((p.alpha + T) / (p.alpha + t + T), p.r + x);
  const double denominator =
      1 + (x > 0 ? p.a / (p.b + x - 1) * std::pow((p.alpha + T) / (p.alpha + t_x), p.r + x) : 0.0);
  return first * second / denominator;
}

double bgnbd_probability_alive(const BgNbdParams& p, double x, double t_x, double T) {
  if (x <= 0) return 1.0;
  return 1.0 / (1.0 + p.a / (p.b + x - 1) * std::pow((p.alpha + T) / (p.alpha + t_x), p.r + x));
}

double bgnbd_expected_purchases_new(const BgNbdParams& p, double t) {
  const double hyp = hyp2f1(p.r, p.b, p.a + p.b - 1, t / (p.alpha + t));
  return (p.a + p.b - 1) / (p.a - 1) * (1 - std::pow(p.alpha / (p.alpha + t), p.r) * hyp);
}

}  // namespace smartstore::models
