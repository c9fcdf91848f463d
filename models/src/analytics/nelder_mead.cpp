#include "nelder_mead.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <vector>

namespace smartstore::models::analytics {

namespace {
NelderMeadResult one_run(const std::function<double(const Eigen::VectorXd&)>& f, const Eigen::VectorXd& start,
                         int max_iterations, double tolerance, double step) {
  const auto n = start.size();
  auto safe = [&](const Eigen::VectorXd& x) {
    const double v = f(x);
    return std::isfinite(v) ? v : std::numeric_limits<double>::infinity();
  };
  std::vector<Eigen::VectorXd> s(static_cast<std::size_t>(n + 1), start);
  std::vector<double> fv(static_cast<std::size_t>(n + 1));
  for (Eigen::Index i = 0; i < n; ++i) s[static_cast<std::size_t>(i + 1)](i) += step;
  for (std::size_t i = 0; i < s.size(); ++i) fv[i] = safe(s[i]);
  std::vector<std::size_t> order(s.size());
  NelderMeadResult r;
  for (r.iterations = 0; r.iterations < max_iterations; ++r.iterations) {
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return fv[a] < fv[b]; });
    const std::size_t best = order.front(), worst = order.back(), second = order[order.size() - 2];
    double max_dx = 0;
    for (std::size_t i = 0; i < s.size(); ++i) max_dx = std::max(max_dx, (s[i] - s[best]).cwiseAbs().maxCoeff());
    if (std::abs(fv[worst] - fv[best]) <= tolerance && max_dx <= std::sqrt(tolerance)) {
      r.converged = true;
      break;
    }
    Eigen::VectorXd centroid = Eigen::VectorXd::Zero(n);
    for (std::size_t i = 0; i < s.size(); ++i)
      if (i != worst) centroid += s[i];
    centroid /= static_cast<double>(n);
    const Eigen::VectorXd xr = centroid + (centroid - s[worst]);
    const double fr = safe(xr);
    if (fr < fv[best]) {
      const Eigen::VectorXd xe = centroid + 2.0 * (centroid - s[worst]);
      const double fe = safe(xe);
      if (fe < fr) {
        s[worst] = xe;
        fv[worst] = fe;
      } else {
        s[worst] = xr;
        fv[worst] = fr;
      }
      continue;
    }
    if (fr < fv[second]) {
      s[worst] = xr;
      fv[worst] = fr;
      continue;
    }
    const bool outside = fr < fv[worst];
    const Eigen::VectorXd xc = outside ? Eigen::VectorXd(centroid + 0.5 * (xr - centroid))
                                       : Eigen::VectorXd(centroid + 0.5 * (s[worst] - centroid));
    const double fc = safe(xc);
    if (fc < (outside ? fr : fv[worst])) {
      s[worst] = xc;
      fv[worst] = fc;
      continue;
    }
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (i == best) continue;
      s[i] = s[best] + 0.5 * (s[i] - s[best]);
      fv[i] = safe(s[i]);
    }
  }
  const auto best = static_cast<std::size_t>(std::min_element(fv.begin(), fv.end()) - fv.begin());
  r.x = s[best];
  r.value = fv[best];
  return r;
}
}  // namespace

NelderMeadResult nelder_mead(const std::function<double(const Eigen::VectorXd&)>& f, Eigen::VectorXd start,
                             int max_iterations, double tolerance, double initial_step) {
  NelderMeadResult best = one_run(f, start, max_iterations, tolerance, initial_step);
  int total = best.iterations;
  // Restart with a fresh simplex: a collapsed simplex can stall short of the minimum.
  for (int restart = 0; restart < 5; ++restart) {
    NelderMeadResult next = one_run(f, best.x, max_iterations, tolerance, initial_step * 0.1);
    total += next.iterations;
    const bool improved = next.value < best.value - tolerance;
    if (next.value < best.value) best = next;
    if (!improved) break;
  }
  best.iterations = total;
  return best;
}

}  // namespace smartstore::models::analytics

