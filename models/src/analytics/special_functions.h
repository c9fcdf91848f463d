#pragma once
// Thread-safe log-gamma (std::lgamma writes the global signgam).
#include <cmath>

namespace smartstore::models::analytics {

inline double log_gamma(double x) {
  int sign = 0;
  return ::lgamma_r(x, &sign);
}

// log(exp(a) + exp(b)) without overflow.
inline double log_add_exp(double a, double b) {
  const double m = a > b ? a : b;
  if (!std::isfinite(m)) return m;
  return m + std::log(std::exp(a - m) + std::exp(b - m));
}

}  // namespace smartstore::models::analytics
