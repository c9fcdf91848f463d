// Welch's comparison of treated and held-out spend, raw and CUPED-adjusted.
#include <cmath>
#include <limits>
#include <string>

#include "smartstore/models/uplift.h"

namespace smartstore::models {
namespace {

// Centered moments of one group, from two passes over the data.
struct Moments {
  std::int64_t n = 0;
  double mean_y = 0, mean_x = 0;
  double var_y = 0, var_x = 0, cov_yx = 0;  // sample (n − 1)
};

Moments moments_of(std::span<const UpliftObservation> members, int treated) {
  Moments m;
  double sy = 0, sx = 0;
  for (const auto& o : members) {
    if (treated >= 0 && o.treated != (treated == 1)) continue;
    ++m.n;
    sy += o.spend_krw;
    sx += o.pre_spend_krw;
  }
  if (m.n == 0) return m;
  m.mean_y = sy / static_cast<double>(m.n);
  m.mean_x = sx / static_cast<double>(m.n);
  double yy = 0, xx = 0, yx = 0;
  for (const auto& o : members) {
    if (treated >= 0 && o.treated != (treated == 1)) continue;
    const double dy = o.spend_krw - m.mean_y, dx = o.pre_spend_krw - m.mean_x;
    yy += dy * dy;
    xx += dx * dx;
    yx += dy * dx;
  }
  if (m.n > 1) {
    const double d = static_cast<double>(m.n - 1);
    m.var_y = yy / d;
    m.var_x = xx / d;
    m.cov_yx = yx / d;
  }
  return m;
}

Interval scaled(const Interval& i, double by) {
  Interval out{i.estimate * by, i.low * by, i.high * by};
  if (out.low > out.high) std::swap(out.low, out.high);
  return out;
}

UpliftGroup group_of(std::span<const UpliftObservation> members, const Moments& m, bool treated) {
  UpliftGroup g;
  g.members = m.n;
  for (const auto& o : members)
    if (o.treated == treated && o.redeemed) ++g.redeemed;
  g.redemption_rate = m.n > 0 ? static_cast<double>(g.redeemed) / static_cast<double>(m.n) : 0;
  g.mean_spend_krw = m.mean_y;
  g.sd_spend_krw = std::sqrt(m.var_y);
  g.mean_pre_spend_krw = m.mean_x;
  return g;
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
  const Moments t = moments_of(members, 1), c = moments_of(members, 0), all = moments_of(members, -1);
  if (t.n < 2 || c.n < 2)
    return fail(ErrorKind::invalid_input,
                "uplift needs at least 2 members in each group; got " + std::to_string(t.n) +
                    " treated and " + std::to_string(c.n) + " held out",
                "models");
  UpliftEstimate e;
  e.treated = group_of(members, t, true);
  e.control = group_of(members, c, false);
  e.raw = welch_compare(t.mean_y, t.var_y, t.n, c.mean_y, c.var_y, c.n);
  // CUPED: Y' = Y − θ (X − X̄) with θ from both groups pooled, so the
  // adjustment is the same function for everyone and leaves the difference
  // of means unbiased (X is measured before the offer, so it is balanced).
  e.theta = all.var_x > 0 ? all.cov_yx / all.var_x : 0;
  const auto adjusted_mean = [&](const Moments& m) { return m.mean_y - e.theta * (m.mean_x - all.mean_x); };
  const auto adjusted_var = [&](const Moments& m) {
    return std::max(0.0, m.var_y - 2 * e.theta * m.cov_yx + e.theta * e.theta * m.var_x);
  };
  e.cuped = welch_compare(adjusted_mean(t), adjusted_var(t), t.n, adjusted_mean(c), adjusted_var(c), c.n);
  const double pooled_sd = std::sqrt((t.var_x + c.var_x) / 2);
  e.pre_period_smd = pooled_sd > 0 ? (t.mean_x - c.mean_x) / pooled_sd : 0;
  e.incremental_revenue_krw = scaled(e.cuped.absolute, static_cast<double>(t.n));
  for (const auto& o : members)
    if (o.treated && o.redeemed) e.discount_cost_krw += o.discount_krw;
  if (e.discount_cost_krw > 0)
    e.return_on_discount = scaled(e.incremental_revenue_krw, 1 / e.discount_cost_krw);
  return e;
}

}  // namespace smartstore::models
