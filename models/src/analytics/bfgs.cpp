#include "bfgs.h"

#include <cmath>
#include <limits>

#include <Eigen/Dense>

namespace smartstore::models::analytics {

BfgsResult bfgs(const ValueAndGradient& f, Eigen::VectorXd start, int max_iterations,
                double gradient_tolerance) {
  const auto n = start.size();
  BfgsResult r;
  auto evaluate = [&](const Eigen::VectorXd& x, Eigen::VectorXd& g) {
    ++r.evaluations;
    g.setZero(n);
    const double v = f(x, g);
    return std::isfinite(v) && g.allFinite() ? v : std::numeric_limits<double>::infinity();
  };
  Eigen::VectorXd x = std::move(start), g(n), x_next(n), g_next(n);
  double value = evaluate(x, g);
  Eigen::MatrixXd h = Eigen::MatrixXd::Identity(n, n);  // inverse Hessian estimate
  bool scaled = false, stalled = false;
  for (r.iterations = 0; r.iterations < max_iterations && std::isfinite(value); ++r.iterations) {
    if (g.cwiseAbs().maxCoeff() <= gradient_tolerance) {
      r.converged = true;
      break;
    }
    Eigen::VectorXd d = -h * g;
    if (g.dot(d) >= 0) {  // lost positive definiteness: steepest descent
      h.setIdentity();
      d = -g;
    }
    // Backtracking (Armijo) from the full quasi-Newton step.
    double step = 1.0, next = std::numeric_limits<double>::infinity();
    const double slope = g.dot(d);
    for (int halvings = 0; halvings < 30; ++halvings, step *= 0.5) {
      x_next = x + step * d;
      next = evaluate(x_next, g_next);
      if (next <= value + 1e-4 * step * slope) break;
    }
    if (!(next < value)) {  // no descent left along d: the optimum within double precision
      stalled = true;
      break;
    }
    const Eigen::VectorXd s = x_next - x, y = g_next - g;
    const double sy = s.dot(y);
    if (sy > 1e-300) {
      if (!scaled) {  // first curvature seen: size the identity to it
        h *= sy / y.dot(y);
        scaled = true;
      }
      const double rho = 1.0 / sy;
      const Eigen::VectorXd hy = h * y;
      h += ((sy + y.dot(hy)) * rho * rho) * (s * s.transpose()) -
           rho * (hy * s.transpose() + s * hy.transpose());
    }
    x = x_next;
    g = g_next;
    value = next;
  }
  finish(r, std::move(x), value, g, stalled, gradient_tolerance);
  return r;
}

}  // namespace smartstore::models::analytics
