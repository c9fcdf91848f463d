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

Moments moments_of(std::span<const UpliftObservation> members, const std::vector<double>& value,
                   bool treated) {
  Moments m;
  double sum = 0;
  for (std::size_t i = 0; i < members.size(); ++i)
    if (members[i].treated == treated) {
      ++m.n;
      sum += value[i];
    }
  if (m.n == 0) return m;
  m.mean = sum / static_cast<double>(m.n);
  double ss = 0;
  for (std::size_t i = 0; i < members.size(); ++i)
    if (members[i].treated == treated) ss += (value[i] - m.mean) * (value[i] - m.mean);
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
// Returns the adjusted spend; theta gets the coefficients.
std::vector<double> cuped_adjusted(std::span<const UpliftObservation> members, Eigen::Vector2d& theta) {
  const auto n = static_cast<Eigen::Index>(members.size());
  Eigen::MatrixXd x(n, 2);
  Eigen::VectorXd y(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const auto& o = members[static_cast<std::size_t>(i)];
    x(i, 0) = o.pre_spend_krw;
    x(i, 1) = o.pre_line_krw;
    y(i) = o.spend_krw;
  }
  x.rowwise() -= x.colwise().mean();
  y.array() -= y.mean();
  theta.setZero();
  // Only covariates that vary; two that are collinear keep the first.
  std::vector<Eigen::Index> used;
  for (Eigen::Index c = 0; c < 2; ++c)
    if (x.col(c).squaredNorm() > 0) used.push_back(c);
  if (used.size() == 2) {
    const Eigen::Matrix2d sxx = x.transpose() * x;
    if (std::abs(sxx.determinant()) <= 1e-12 * sxx(0, 0) * sxx(1, 1)) used.pop_back();
  }
  if (used.size() == 2) {
    theta = (x.transpose() * x).ldlt().solve(x.transpose() * y);
  } else if (used.size() == 1) {
    const auto c = used[0];
    theta(c) = x.col(c).dot(y) / x.col(c).squaredNorm();
  }
  std::vector<double> adjusted(members.size());
  for (Eigen::Index i = 0; i < n; ++i)
    adjusted[static_cast<std::size_t>(i)] =
        members[static_cast<std::size_t>(i)].spend_krw - x.row(i).dot(theta);
  return adjusted;
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
  std::vector<double> spend(members.size()), pre(members.size());
  for (std::size_t i = 0; i < members.size(); ++i) {
    spend[i] = members[i].spend_krw;
    pre[i] = members[i].pre_spend_krw;
  }
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
  Eigen::Vector2d theta;
  const std::vector<double> adjusted = cuped_adjusted(members, theta);
  e.theta = theta(0);
  e.theta_line = theta(1);
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
