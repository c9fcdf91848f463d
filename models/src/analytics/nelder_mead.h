#pragma once
// Nelder–Mead simplex minimization (the method lifetimes uses through scipy),
// with restarts from the best point until the minimum stops improving.
#include <functional>

#include <Eigen/Core>

namespace smartstore::models::analytics {

struct NelderMeadResult {
  Eigen::VectorXd x;
  double value = 0;
  int iterations = 0;
  bool converged = false;
};

NelderMeadResult nelder_mead(const std::function<double(const Eigen::VectorXd&)>& f, Eigen::VectorXd start,
                             int max_iterations, double tolerance, double initial_step = 0.5);

}  // namespace smartstore::models::analytics

