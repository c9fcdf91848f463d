// ctest-labels: unit
// Damped Newton (newton.h) and the trigamma function its BG/NBD Hessian uses.
#include <doctest/doctest.h>

#include <cmath>
#include <numbers>

#include "../../../models/src/analytics/newton.h"
#include "../../../models/src/analytics/special_functions.h"

using smartstore::models::analytics::newton;
using smartstore::models::analytics::trigamma;

TEST_CASE("trigamma matches its closed forms and the recurrence") {
  CHECK(trigamma(1.0) == doctest::Approx(std::numbers::pi * std::numbers::pi / 6).epsilon(1e-14));
  CHECK(trigamma(0.5) == doctest::Approx(std::numbers::pi * std::numbers::pi / 2).epsilon(1e-14));
  for (double x : {0.01, 0.3, 2.5, 9.99, 10.0, 40.0})
    CHECK(trigamma(x) - trigamma(x + 1) == doctest::Approx(1 / (x * x)).epsilon(1e-12));
}

TEST_CASE("Newton finds Rosenbrock's minimum from a start where the Hessian is indefinite") {
  auto rosenbrock = [](const Eigen::VectorXd& x, Eigen::VectorXd& g, Eigen::MatrixXd& h) {
    const double a = 1 - x(0), b = x(1) - x(0) * x(0);
    g << -2 * a - 400 * x(0) * b, 200 * b;
    h << 2 - 400 * b + 800 * x(0) * x(0), -400 * x(0), -400 * x(0), 200;
    return a * a + 100 * b * b;
  };
  Eigen::VectorXd start(2);
  start << -1.2, 1.0;
  const auto r = newton(rosenbrock, start, 200, 1e-10);
  CHECK(r.converged);
  CHECK(r.x(0) == doctest::Approx(1.0).epsilon(1e-9));
  CHECK(r.x(1) == doctest::Approx(1.0).epsilon(1e-9));
  CHECK(r.iterations < 60);

  start << 0.0, 1.0;  // 2 - 400·1 < 0: the unmodified Newton step would climb
  const auto damped = newton(rosenbrock, start, 200, 1e-10);
  CHECK(damped.converged);
  CHECK(damped.x(0) == doctest::Approx(1.0).epsilon(1e-9));
}

TEST_CASE("a value that is never finite is reported as not converged") {
  auto nowhere = [](const Eigen::VectorXd&, Eigen::VectorXd&, Eigen::MatrixXd&) { return std::nan(""); };
  const auto r = newton(nowhere, Eigen::VectorXd::Zero(3), 50, 1e-10);
  CHECK_FALSE(r.converged);
  CHECK_FALSE(std::isfinite(r.value));
}
