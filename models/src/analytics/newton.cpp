#include "newton.h"

#include <cmath>
#include <limits>

#include <Eigen/Dense>

namespace smartstore::models::analytics {
namespace {

// The Newton direction of (H + τI): τ = 0 when H is positive definite,
// else from β − min(diag H) upwards, doubling (Nocedal & Wright's Cholesky
// with added multiple of the identity, β = 1e-3 of H's scale), so a nearly
// singular H + τI cannot send the step far off. Steepest descent if no τ
// gives a descent direction.
Eigen::VectorXd descent_direction(const Eigen::MatrixXd& h, const Eigen::VectorXd& g) {
  const auto n = g.size();
  const double beta = 1e-3 * std::max(1.0, h.diagonal().cwiseAbs().maxCoeff());
  const double min_diagonal = h.diagonal().minCoeff();
  double tau = min_diagonal > 0 ? 0.0 : beta - min_diagonal;
  for (int attempt = 0; attempt < 60; ++attempt, tau = std::max(2 * tau, beta)) {
    Eigen::LLT<Eigen::MatrixXd> llt(h + tau * Eigen::MatrixXd::Identity(n, n));
    if (llt.info() != Eigen::Success) continue;
    Eigen::VectorXd d = llt.solve(-g);
    if (d.allFinite() && g.dot(d) < 0) return d;
  }
  return -g;
}

}  // namespace

NewtonResult newton(const ValueGradientHessian& f, Eigen::VectorXd start, int max_iterations,
                    double gradient_tolerance) {
  const auto n = start.size();
  NewtonResult r;
  auto evaluate = [&](const Eigen::VectorXd& x, Eigen::VectorXd& g, Eigen::MatrixXd& h) {
    ++r.evaluations;
    g.setZero(n);
    h.setZero(n, n);
    const double v = f(x, g, h);
    return std::isfinite(v) && g.allFinite() && h.allFinite() ? v : std::numeric_limits<double>::infinity();
  };
  Eigen::VectorXd x = std::move(start), g(n), x_next(n), g_next(n);
  Eigen::MatrixXd h(n, n), h_next(n, n);
  double value = evaluate(x, g, h);
  bool stalled = false;
  for (r.iterations = 0; r.iterations < max_iterations && std::isfinite(value); ++r.iterations) {
    if (g.cwiseAbs().maxCoeff() <= gradient_tolerance) {
      r.converged = true;
      break;
    }
    const Eigen::VectorXd d = descent_direction(h, g);
    const double slope = g.dot(d);
    // Near the optimum the value changes by less than its rounding; a full
    // step that halves the gradient without raising the value beyond that
    // rounding is taken too, so the last digits converge as Newton's do.
    const double rounding = 16 * std::numeric_limits<double>::epsilon() * std::max(1.0, std::abs(value));
    const double g_max = g.cwiseAbs().maxCoeff();
    double step = 1.0, next = std::numeric_limits<double>::infinity();
    bool taken = false;
    for (int halvings = 0; halvings < 40 && !taken; ++halvings, step *= 0.5) {
      x_next = x + step * d;
      next = evaluate(x_next, g_next, h_next);
      taken = next <= value + 1e-4 * step * slope ||
              (halvings == 0 && next <= value + rounding && g_next.cwiseAbs().maxCoeff() < 0.5 * g_max);
    }
    if (!taken) {  // no descent left along d: the optimum within double precision
      stalled = true;
      break;
    }
    x.swap(x_next);
    g.swap(g_next);
    h.swap(h_next);
    value = next;
  }
  finish(r, std::move(x), value, g, stalled, gradient_tolerance);
  return r;
}

}  // namespace smartstore::models::analytics
