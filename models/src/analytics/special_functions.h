#pragma once
// Thread-safe log-gamma (std::lgamma writes the global signgam).
#include <cmath>

namespace smartstore::models::analytics {

inline double log_gamma(double x) {
  int sign = 0;
  return ::lgamma_r(x, &sign);
}

// The digamma function ψ = d/dx ln Γ(x) for x > 0: the recurrence
// ψ(x) = ψ(x + 1) − 1/x up to x >= 10, then the asymptotic series (error
// below 1e-15 there).
inline double digamma(double x) {
  double result = 0;
  for (; x < 10; x += 1) result -= 1 / x;
  const double f = 1 / (x * x);
  return result + std::log(x) - 0.5 / x -
         f * (1.0 / 12 - f * (1.0 / 120 - f * (1.0 / 252 - f * (1.0 / 240 - f * (1.0 / 132)))));
}

// The trigamma function ψ₁ = d²/dx² ln Γ(x) for x > 0: the recurrence
// ψ₁(x) = ψ₁(x + 1) + 1/x² up to x >= 10, then the asymptotic series (error
// below 1e-15 there).
inline double trigamma(double x) {
  double result = 0;
  for (; x < 10; x += 1) result += 1 / (x * x);
  const double f = 1 / (x * x);
  return result + 1 / x + f / 2 +
         f / x * (1.0 / 6 - f * (1.0 / 30 - f * (1.0 / 42 - f * (1.0 / 30 - f * (5.0 / 66)))));
}

// log(exp(a) + exp(b)) without overflow.
inline double log_add_exp(double a, double b) {
  const double m = a > b ? a : b;
  if (!std::isfinite(m)) return m;
  return m + std::log(std::exp(a - m) + std::exp(b - m));
}

// Whether the BG/NBD's Beta ratios at x are summed term by term (a whole
// count below 10^6, exact at any b) rather than taken from log-gammas; the
// likelihood and the fit must choose alike.
inline bool summed_beta_terms(double x) {
  return x == std::floor(x) && x < 1e6;
}

}  // namespace smartstore::models::analytics
