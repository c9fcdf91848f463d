#include "newton.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include <Eigen/Dense>
#include <Eigen/Eigenvalues>

namespace smartstore::models::analytics {
namespace {

// Curvatures (of the Hessian scaled to a unit diagonal) below this count as
// this much, so a flat direction gets a long step, which kMaxStep bounds.
constexpr double kLeastCurvature = 1e-9;
// No coordinate moves further in one step: the quadratic model is not
// trusted beyond it, and a likelihood evaluated far off (BG/NBD at r = 1e19)
// is rounding noise that can pass for a decrease.
constexpr double kMaxStep = 3;

// The Newton direction for H with each eigenvalue replaced by its absolute
// value ("saddle-free" Newton: negative curvature is descended, not
// climbed), in the scaling that gives H a unit diagonal. Without the
// scaling a parameter whose curvature is 1e-5 of another's (BG/NBD's a and
// b beside r) is damped to a crawl by any floor or shift sized for the
// larger. Steepest descent if that is no descent direction.
Eigen::VectorXd descent_direction(const Eigen::MatrixXd& h, const Eigen::VectorXd& g) {
  const auto n = g.size();
  Eigen::VectorXd s(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const double hii = std::abs(h(i, i));
    s(i) = hii > 0 && std::isfinite(hii) ? 1 / std::sqrt(hii) : 1.0;
  }
  Eigen::VectorXd d = -g;
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eigen(s.asDiagonal() * h * s.asDiagonal());
  if (eigen.info() == Eigen::Success) {
    const Eigen::MatrixXd& v = eigen.eigenvectors();
    const Eigen::VectorXd curvature = eigen.eigenvalues().cwiseAbs().cwiseMax(kLeastCurvature);
    const Eigen::VectorXd newton =
        -s.cwiseProduct(v * (v.transpose() * s.cwiseProduct(g)).cwiseQuotient(curvature));
    if (newton.allFinite() && g.dot(newton) < 0) d = newton;
  }
  const double longest = d.cwiseAbs().maxCoeff();
  if (longest > kMaxStep) d *= kMaxStep / longest;
  return d;
}

// A supremum at infinity (BG/NBD where nobody churns: b → ∞) or a flat
// ridge lets every step lower the value by less than anything that matters
// while the gradient stays above the tolerance; there the search stops once
// the last `kProgressWindow` steps together lowered the value by less than
// kLeastProgress of its size.
constexpr int kProgressWindow = 5;
constexpr double kLeastProgress = 1e-10;

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
  // The value after each of the last kProgressWindow steps, by step mod window.
  std::array<double, kProgressWindow> earlier{};
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
    // The step's predicted gain is below the value's rounding: the gradient
    // is at its noise floor (sums over many terms), and a line search on
    // the noise only spends evaluations.
    if (-slope <= 16 * std::numeric_limits<double>::epsilon() * std::abs(value)) {
      stalled = true;
      break;
    }
    double step = 1.0, next = std::numeric_limits<double>::infinity();
    bool taken = false;
    for (int halvings = 0; halvings < 40 && !taken; ++halvings, step *= 0.5) {
      x_next = x + step * d;
      next = evaluate(x_next, g_next, h_next);
      // Strictly lower: once 1e-4·step·slope is below the value's rounding an
      // equal value would pass, and the search would step in place.
      taken = (next < value && next <= value + 1e-4 * step * slope) ||
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
    double& before = earlier[static_cast<std::size_t>(r.iterations % kProgressWindow)];
    const bool slow =
        r.iterations >= kProgressWindow && before - value < kLeastProgress * std::max(1.0, std::abs(value));
    before = value;
    if (slow) {
      stalled = true;
      ++r.iterations;
      break;
    }
  }
  finish(r, std::move(x), value, g, stalled, gradient_tolerance);
  return r;
}

}  // namespace smartstore::models::analytics
