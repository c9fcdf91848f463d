#pragma once
// Damped Newton minimization with an analytic Hessian: for small smooth
// likelihoods whose second derivatives cost little more than the gradient
// (BG/NBD's four parameters), it converges in a handful of evaluations
// where BFGS needs dozens to learn the curvature.
#include <functional>

#include <Eigen/Core>

#include "optimum.h"

namespace smartstore::models::analytics {

// Returns f(x) and writes its gradient and Hessian (sized like x).
using ValueGradientHessian =
    std::function<double(const Eigen::VectorXd& x, Eigen::VectorXd& gradient, Eigen::MatrixXd& hessian)>;

using NewtonResult = OptimumResult;

// Each step takes the Newton direction with the Hessian's eigenvalues made
// positive (in the scaling that gives it a unit diagonal), at most 3 along
// any coordinate, then backtracks from the full step until the value
// decreases enough (Armijo). Non-finite values count as +infinity. Near the
// optimum, where the value moves less than its rounding, a full step that
// halves the gradient is taken without a decrease. The search also stops
// when five steps together lowered the value by less than 1e-10 of it (a
// supremum at infinity), counted as converged if the gradient is below the
// tolerance's square root.
NewtonResult newton(const ValueGradientHessian& f, Eigen::VectorXd start, int max_iterations,
                    double gradient_tolerance);

}  // namespace smartstore::models::analytics
