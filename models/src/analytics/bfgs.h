#pragma once
// BFGS quasi-Newton minimization with an analytic gradient: the likelihood
// fits whose gradients are cheap (BG/NBD, Gamma-Gamma) converge in a few
// dozen evaluations where a simplex needs hundreds.
#include <functional>

#include <Eigen/Core>

#include "optimum.h"

namespace smartstore::models::analytics {

// Returns f(x) and writes its gradient into `gradient` (sized like x).
using ValueAndGradient = std::function<double(const Eigen::VectorXd& x, Eigen::VectorXd& gradient)>;

using BfgsResult = OptimumResult;

// Non-finite values count as +infinity, so a line search backs off them.
BfgsResult bfgs(const ValueAndGradient& f, Eigen::VectorXd start, int max_iterations,
                double gradient_tolerance);

}  // namespace smartstore::models::analytics
