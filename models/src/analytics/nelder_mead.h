#pragma once
// Nelder–Mead simplex minimization (the method lifetimes uses through scipy),
// with restarts from the best point until the minimum stops improving.
#include <functional>

#include <Eigen/Core>

#include "optimum.h"

namespace smartstore::models::analytics {

using NelderMeadResult = OptimumResult;  // evaluations not counted

NelderMeadResult nelder_mead(const std::function<double(const Eigen::VectorXd&)>& f, Eigen::VectorXd start,
                             int max_iterations, double tolerance, double initial_step = 0.5);

}  // namespace smartstore::models::analytics
