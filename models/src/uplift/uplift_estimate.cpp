// Welch's comparison of treated and held-out spend, raw and CUPED-adjusted.
#include <Eigen/Dense>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "smartstore/models/uplift.h"

namespace smartstore::models {
namespace {

// Mean and sample variance of one group's values.
struct Moments {
  std::int64_t n = 0;
  double mean = 0, var = 0;
};

// value(o) for each member of the group; two passes, no copy of the values
// (a report estimates every cell of a million members).
template <class Value>
Moments moments_of(std::span<const UpliftObservation> members, Value value, bool treated) {
  Moments m;
  double sum = 0;
  for (const auto& o : members)
    if (o.treated == treated) {
      ++m.n;
      sum += value(o);
    }
  if (m.n == 0) return m;
  m.mean = sum / static_cast<double>(m.n);
  double ss = 0;
  for (const auto& o : members)
    if (o.treated == treated) ss += (value(o) - m.mean) * (value(o) - m.mean);
  if (m.n > 1) m.var = ss / static_cast<double>(m.n - 1);
  return m;
}

Interval scaled(const Interval& i, double by) {
  Interval out{i.estimate * by, i.low * by, i.high * by};
  if (out.low > out.high) std::swap(out.low, out.high);
  return out;
}

UpliftGroup group_of(std::span<const UpliftObservation> members, const Moments& spend, const Moments& pre,
                     bool treated) {
  UpliftGroup g;
  g.members = spend.n;
  for (const auto& o : members)
    if (o.treated == treated && o.redeemed) ++g.redeemed;
  g.redemption_rate = spend.n > 0 ? static_cast<double>(g.redeemed) / static_cast<double>(spend.n) : 0;
  g.mean_spend_krw = spend.mean;
  g.sd_spend_krw = std::sqrt(spend.var);
  g.mean_pre_spend_krw = pre.mean;
  return g;
}

// Pooled regression of spend on the pre-period covariates (centred over
// everyone, so the adjustment is one function of X for both groups and
// leaves the difference of means unbiased: X is measured before the offer).
// Returns theta, the coefficients: the adjusted spend of o is then
// o.spend_krw - theta . (x(o) - x_mean), x = (pre spend, pre line amount).
struct Cuped {
  Eigen::Vector2d theta = Eigen::Vector2d::Zero(), x_mean = Eigen::Vector2d::Zero();
  [[nodiscard]] double adjusted(const UpliftObservation& o) const {
    return o.spend_krw - (theta(0) * (o.pre_spend_krw - x_mean(0)) + theta(1) * (o.pre_line_krw - x_mean(1)));
  }
};

Cuped cuped_fit(std::span<const UpliftObservation> members) {
  Cuped c;
  double y_mean = 0;
  for (const auto& o : members) {
    c.x_mean += Eigen::Vector2d(o.pre_spend_krw, o.pre_line_krw);
    y_mean += o.spend_krw;
  }
  const auto n = static_cast<double>(members.size());
  c.x_mean /= n;
  y_mean /= n;
  Eigen::Matrix2d sxx = Eigen::Matrix2d::Zero();
  Eigen::Vector2d sxy = Eigen::Vector2d::Zero();
  for (const auto& o : members) {
    const Eigen::Vector2d x(o.pre_spend_krw - c.x_mean(0), o.pre_line_krw - c.x_mean(1));
    sxx += x * x.transpose();
    sxy += x * (o.spend_krw - y_mean);
  }
  // Only covariates that vary; two that are collinear keep the first.
  std::vector<Eigen::Index> used;
  for (Eigen::Index k = 0; k < 2; ++k)
    if (sxx(k, k) > 0) used.push_back(k);
  if (used.size() == 2 && std::abs(sxx.determinant()) <= 1e-12 * sxx(0, 0) * sxx(1, 1)) used.pop_back();
  if (used.size() == 2) {
    c.theta = sxx.ldlt().solve(sxy);
  } else if (used.size() == 1) {
    const auto k = used[0];
    c.theta(k) = sxy(k) / sxx(k, k);
  }
  return c;
}

}  // namespace

MeanComparison welch_compare(double treated_mean, double treated_var, std::int64_t treated_n,
                             double control_mean, double control_var, std::int64_t control_n) {
  MeanComparison c;
  const double vt = treated_var / static_cast<double>(treated_n);
  const double vc = control_var / static_cast<double>(control_n);
  const double se2 = vt + vc;
  const double denom =
      vt * vt / static_cast<double>(treated_n - 1) + vc * vc / static_cast<double>(control_n - 1);
  c.degrees_of_freedom = denom > 0 ? se2 * se2 / denom : std::numeric_limits<double>::infinity();
  // Past a million degrees of freedom t is the normal quantile to 7 digits.
  const double q =
      c.degrees_of_freedom > 1e6 ? 1.959963984540054 : student_t_quantile(0.975, c.degrees_of_freedom);
  c.standard_error = std::sqrt(se2);
  const double d = treated_mean - control_mean;
  c.absolute = {d, d - q * c.standard_error, d + q * c.standard_error};
  if (control_mean != 0) {
    // Delta method for (mt − mc) / mc = mt / mc − 1: the gradient is
    // (1 / mc, −mt / mc²) and the two means are independent.
    const double r = d / control_mean;
    const double mc2 = control_mean * control_mean;
    const double se_r = std::sqrt(vt / mc2 + treated_mean * treated_mean * vc / (mc2 * mc2));
    c.relative = {r, r - q * se_r, r + q * se_r};
  }
  return c;
}

Result<UpliftEstimate> estimate_uplift(std::span<const UpliftObservation> members) {
  const auto spend = [](const UpliftObservation& o) { return o.spend_krw; };
  const auto pre = [](const UpliftObservation& o) { return o.pre_spend_krw; };
  const Moments t = moments_of(members, spend, true), c = moments_of(members, spend, false);
  if (t.n < 2 || c.n < 2)
    return fail(ErrorKind::invalid_input,
                "uplift needs at least 2 members in each group; got " + std::to_string(t.n) +
                    " treated and " + std::to_string(c.n) + " held out",
                "models");
  const Moments t_pre = moments_of(members, pre, true), c_pre = moments_of(members, pre, false);
  UpliftEstimate e;
  e.treated = group_of(members, t, t_pre, true);
  e.control = group_of(members, c, c_pre, false);
  e.raw = welch_compare(t.mean, t.var, t.n, c.mean, c.var, c.n);
  const Cuped fit = cuped_fit(members);
  e.theta = fit.theta(0);
  e.theta_line = fit.theta(1);
  const auto adjusted = [&fit](const UpliftObservation& o) { return fit.adjusted(o); };
  const Moments ta = moments_of(members, adjusted, true), ca = moments_of(members, adjusted, false);
  // The relative uplift is over the control group's adjusted mean: its
  // expectation is the control's mean spend (the adjustment is centred).
  e.cuped = welch_compare(ta.mean, ta.var, ta.n, ca.mean, ca.var, ca.n);
  const double pooled_sd = std::sqrt((t_pre.var + c_pre.var) / 2);
  e.pre_period_smd = pooled_sd > 0 ? (t_pre.mean - c_pre.mean) / pooled_sd : 0;
  e.incremental_revenue_krw = scaled(e.cuped.absolute, static_cast<double>(t.n));
  for (const auto& o : members)
    if (o.treated && o.redeemed) e.discount_cost_krw += o.discount_krw;
  if (e.discount_cost_krw > 0)
    e.return_on_discount = scaled(e.incremental_revenue_krw, 1 / e.discount_cost_krw);
  return e;
}

}  // namespace smartstore::models
