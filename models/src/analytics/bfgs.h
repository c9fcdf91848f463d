#pragma once
// BFGS quasi-Newton minimization with an analytic gradient: the likelihood
// fits whose gradients are cheap (BG/NBD, Gamma-Gamma) converge in a few
// dozen evaluations where a simplex needs hundreds.
#include <functional>

#include <Eigen/Core>

namespace smartstore::models::analytics {

// Returns f(x) and writes its gradient into `gradient` (sized like x).
using ValueAndGradient = std::function<double(const Eigen::VectorXd& x, Eigen::VectorXd& gradient)>;

struct BfgsResult {
  Eigen::VectorXd x;
  double value = 0;
  int iterations = 0;
  int evaluations = 0;
  // The gradient's largest component fell below the tolerance, or below its
  // square root where the value stopped decreasing (double precision's floor).
  bool converged = false;
};

// Non-finite values count as +infinity, so a line search backs off them.
BfgsResult bfgs(const ValueAndGradient& f, Eigen::VectorXd start, int max_iterations,
                double gradient_tolerance);

}  // namespace smartstore::models::analytics
