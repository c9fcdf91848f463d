#include "smartstore/models/bgnbd.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>
#include <vector>

#include "nelder_mead.h"
#include "special_functions.h"

namespace smartstore::models {

using analytics::log_add_exp;
using analytics::log_gamma;

double bgnbd_log_likelihood(const BgNbdParams& p, double x, double t_x, double T) {
  const double a1 = log_gamma(p.r + x) - log_gamma(p.r) + p.r * std::log(p.alpha);
  const double a2 = log_gamma(p.a + p.b) + log_gamma(p.b + x) - log_gamma(p.b) - log_gamma(p.a + p.b + x);
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
  BgNbdFit fit;
  fit.sample_size = rows.size();
  if (rows.empty()) return fail(ErrorKind::invalid_input, "no customers to fit", "models");
  // Customers sharing (x, t_x, T) share a likelihood term: CDNOW's 2,357
  // rows collapse to about a third, most of them one-off buyers.
  std::map<std::tuple<double, double, double>, double> unique;
  double max_T = 0;
  for (const RfmtRow& r : rows) {
    if (!(r.frequency >= 0) || !(r.recency >= 0) || !(r.T >= r.recency))
      return fail(ErrorKind::invalid_input, "invalid summary row: need frequency >= 0 and 0 <= recency <= T",
                  "models");
    unique[{r.frequency, r.recency, r.T}] += 1.0;
    max_T = std::max(max_T, r.T);
  }
  // Like lifetimes, fit on times scaled so the longest T is 10, then scale
  // alpha back: it keeps all four log-parameters near the same magnitude.
  const double scale = max_T > 0 ? 10.0 / max_T : 1.0;
  // The gamma-function terms depend on x only (a few dozen distinct values);
  // the per-group work is then a handful of logs.
  std::vector<double> xs;
  struct Group {
    std::size_t x_index;
    double x, t_x, T, w;
  };
  std::vector<Group> groups;
  for (const auto& [key, w] : unique) {
    const double x = std::get<0>(key);
    if (xs.empty() || xs.back() != x) xs.push_back(x);  // the map is ordered by x
    groups.push_back({xs.size() - 1, x, std::get<1>(key) * scale, std::get<2>(key) * scale, w});
  }
  const double n = static_cast<double>(rows.size());
  std::vector<double> by_x(xs.size());
  auto objective = [&](const Eigen::VectorXd& lp) {
    const double r = std::exp(lp(0)), alpha = std::exp(lp(1)), a = std::exp(lp(2)), b = std::exp(lp(3));
    const double common = -log_gamma(r) + r * std::log(alpha) + log_gamma(a + b) - log_gamma(b);
    for (std::size_t i = 0; i < xs.size(); ++i)
      by_x[i] = common + log_gamma(r + xs[i]) + log_gamma(b + xs[i]) - log_gamma(a + b + xs[i]);
    const double log_a = std::log(a);
    double sum = 0;
    for (const Group& g : groups) {
      const double a3 = -(r + g.x) * std::log(alpha + g.T);
      double ll = a3;
      if (g.x > 0) ll = log_add_exp(a3, log_a - std::log(b + g.x - 1) - (r + g.x) * std::log(g.t_x + alpha));
      sum += g.w * (by_x[g.x_index] + ll);
    }
    return -sum / n;
  };
  const auto result =
      analytics::nelder_mead(objective, Eigen::VectorXd::Zero(4), options.max_iterations, options.tolerance);
  if (!std::isfinite(result.value))
    return fail(ErrorKind::invalid_input, "the likelihood is not finite anywhere the optimizer looked",
                "models");
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
