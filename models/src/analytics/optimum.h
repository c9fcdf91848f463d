#pragma once
// What the gradient-based minimizers (bfgs.h, newton.h) return, and their
// shared stopping rule.
#include <cmath>

#include <Eigen/Core>

namespace smartstore::models::analytics {

struct OptimumResult {
  Eigen::VectorXd x;
  double value = 0;
  int iterations = 0;
  int evaluations = 0;
  // The gradient's largest component fell below the tolerance, or below its
  // square root where the value stopped decreasing (double precision's floor).
  bool converged = false;
};

// Fills in where the search ended. A flat optimum stops decreasing in double
// precision before its gradient reaches the tolerance; that counts when the
// gradient is near it.
inline void finish(OptimumResult& r, Eigen::VectorXd x, double value, const Eigen::VectorXd& gradient,
                   bool stalled, double gradient_tolerance) {
  if (!r.converged && std::isfinite(value))
    r.converged =
        gradient.cwiseAbs().maxCoeff() <= (stalled ? std::sqrt(gradient_tolerance) : gradient_tolerance);
  r.x = std::move(x);
  r.value = value;
}

}  // namespace smartstore::models::analytics
