// Welch's comparison of treated and held-out spend, raw and CUPED-adjusted.
#include <Eigen/Dense>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "smartstore/models/uplift.h"
#include "uplift_sums.h"

namespace smartstore::models {
namespace {

Interval scaled(const Interval& i, double by) {
  Interval out{i.estimate * by, i.low * by, i.high * by};
  if (out.low > out.high) std::swap(out.low, out.high);
  return out;
}

UpliftGroup group_of(const Moments& spend, const Moments& pre, std::int64_t redeemed) {
  UpliftGroup g;
  g.members = spend.n;
  g.redeemed = redeemed;
  g.redemption_rate = spend.n > 0 ? static_cast<double>(g.redeemed) / static_cast<double>(spend.n) : 0;
  g.mean_spend_krw = spend.mean;
  g.sd_spend_krw = std::sqrt(spend.var);
  g.mean_pre_spend_krw = pre.mean;
  return g;
}

}  // namespace

Moments UpliftSums::moments(int lane, Pair mean, Pair ss) const {
  const std::int64_t n = lane == 0 ? treated() : control();
  return {n, mean[lane], n > 1 ? ss[lane] / static_cast<double>(n - 1) : 0};
}

void UpliftSums::end(int pass) {
  const auto means = [this](Pair sum) {
    Pair mean{};
    for (int lane = 0; lane < 2; ++lane) {
      const std::int64_t n = lane == 0 ? treated() : control();
      mean[lane] = n > 0 ? sum[lane] / static_cast<double>(n) : 0;
    }
    return mean;
  };
  if (pass == 0) {
    mean_ = means(sum_);
    pre_mean_ = means(pre_sum_);
    // Pooled means, so the adjustment is one function of X for both groups
    // and leaves the difference of means unbiased: X is measured before the offer.
    if (n_ > 0) {
      const auto n = static_cast<double>(n_);
      x_ /= n;
      y_ /= n;
    }
  } else if (pass == 1) {
    fit_theta();
  } else if (pass == 2) {
    adj_mean_ = means(adj_sum_);
  }
}

// Pooled regression of spend on the pre-period covariates, theta = Sxx^-1
// Sxy: the adjusted spend is then spend - theta . (x - x_mean), x = (pre
// spend, pre line amount). Only covariates that vary; two that are
// collinear keep the first.
void UpliftSums::fit_theta() {
  Eigen::Matrix2d sxx;
  sxx << sxx0_[0], sxx0_[1], sxx0_[1], sxx11_;
  const Eigen::Vector2d sxy(sxy_[0], sxy_[1]);
  Eigen::Vector2d theta = Eigen::Vector2d::Zero();
  std::vector<Eigen::Index> used;
  for (Eigen::Index k = 0; k < 2; ++k)
    if (sxx(k, k) > 0) used.push_back(k);
  if (used.size() == 2 && std::abs(sxx.determinant()) <= 1e-12 * sxx(0, 0) * sxx(1, 1)) used.pop_back();
  if (used.size() == 2) {
    theta = sxx.ldlt().solve(sxy);
  } else if (used.size() == 1) {
    const auto k = used[0];
    theta(k) = sxy(k) / sxx(k, k);
  }
  theta_ = Pair{theta(0), theta(1)};
}

Result<UpliftEstimate> UpliftSums::estimate() const {
  if (treated() < 2 || control() < 2)
    return fail(ErrorKind::invalid_input,
                "uplift needs at least 2 members in each group; got " + std::to_string(treated()) +
                    " treated and " + std::to_string(control()) + " held out",
                "models");
  const Moments t = moments(0, mean_, ss_), c = moments(1, mean_, ss_);
  const Moments t_pre = moments(0, pre_mean_, pre_ss_), c_pre = moments(1, pre_mean_, pre_ss_);
  const Moments t_adj = moments(0, adj_mean_, adj_ss_), c_adj = moments(1, adj_mean_, adj_ss_);
  UpliftEstimate e;
  e.treated = group_of(t, t_pre, t_redeemed_);
  e.control = group_of(c, c_pre, c_redeemed_);
  e.raw = welch_compare(t.mean, t.var, t.n, c.mean, c.var, c.n);
  e.theta = theta_[0];
  e.theta_line = theta_[1];
  // The relative uplift is over the control group's adjusted mean: its
  // expectation is the control's mean spend (the adjustment is centred).
  e.cuped = welch_compare(t_adj.mean, t_adj.var, t_adj.n, c_adj.mean, c_adj.var, c_adj.n);
  const double pooled_sd = std::sqrt((t_pre.var + c_pre.var) / 2);
  e.pre_period_smd = pooled_sd > 0 ? (t_pre.mean - c_pre.mean) / pooled_sd : 0;
  e.incremental_revenue_krw = scaled(e.cuped.absolute, static_cast<double>(t.n));
  e.discount_cost_krw = discount_krw_;
  if (e.discount_cost_krw > 0)
    e.return_on_discount = scaled(e.incremental_revenue_krw, 1 / e.discount_cost_krw);
  return e;
}

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
  UpliftSums sums;
  const auto point = [](const UpliftObservation& o) {
    return UpliftPoint{o.treated, o.spend_krw, o.pre_spend_krw, o.pre_line_krw};
  };
  for (const auto& o : members) {
    sums.add<0>(point(o));
    sums.add_redemptions(o.treated && o.redeemed ? 1 : 0, !o.treated && o.redeemed ? 1 : 0,
                         o.treated && o.redeemed ? o.discount_krw : 0.0);
  }
  sums.end(0);
  for (const auto& o : members) sums.add<1>(point(o));
  sums.end(1);
  for (const auto& o : members) sums.add<2>(point(o));
  sums.end(2);
  for (const auto& o : members) sums.add<3>(point(o));
  sums.end(3);
  return sums.estimate();
}

}  // namespace smartstore::models
