#pragma once
// Did an offer change what customers spent? The comparison of a campaign's
// treated members (offered the coupon) with its held-out control members
// (common/holdout.h puts members in groups at random, so the difference in
// mean spend estimates the offer's effect). Pure computation: no I/O.
// docs/uplift.md explains the choices (Welch, CUPED, first exposure).
#include <cstdint>
#include <span>

#include "smartstore/common/result.h"

namespace smartstore::models {

// One member's outcome in one campaign cell, counted from the member's first
// exposure (the first issue or hold-out of that campaign).
struct UpliftObservation {
  bool treated = false;      // offered the coupon; false: held out
  double spend_krw = 0;      // purchases in the window after first exposure
  double pre_spend_krw = 0;  // purchases in the pre-period before it
  // Mean amount of a pre-period purchase line (0 without one): a member's
  // basket size, which spend after the offer scales with.
  double pre_line_krw = 0;
  bool redeemed = false;    // treated members only
  double discount_krw = 0;  // the discount the chain paid on redemptions
};

// A 95 % two-sided interval around an estimate.
struct Interval {
  double estimate = 0;
  double low = 0;
  double high = 0;
  [[nodiscard]] bool covers(double x) const { return low <= x && x <= high; }
  [[nodiscard]] bool excludes_zero() const { return low > 0 || high < 0; }
};

struct UpliftGroup {
  std::int64_t members = 0;
  std::int64_t redeemed = 0;
  double redemption_rate = 0;  // redeemed / members
  double mean_spend_krw = 0;
  double sd_spend_krw = 0;  // sample standard deviation
  double mean_pre_spend_krw = 0;
};

// The difference of two groups' means with Welch's standard error and
// degrees of freedom, and the ratio of the difference to the control mean
// (delta method) on the same degrees of freedom.
struct MeanComparison {
  Interval absolute;  // treated mean − control mean
  Interval relative;  // absolute / control mean (0 when the control mean is 0)
  double standard_error = 0;
  double degrees_of_freedom = 0;
};

struct UpliftEstimate {
  UpliftGroup treated, control;
  MeanComparison raw;    // on spend as observed
  MeanComparison cuped;  // on spend adjusted by the pre-period (CUPED)
  // CUPED's pooled coefficients: spend regressed on the pre-period covariates
  // over both groups, theta = Sxx^-1 Sxy (with one covariate cov(Y,X)/var(X)).
  // A covariate that does not vary is left out (0); with none, cuped == raw.
  double theta = 0;       // on pre_spend_krw
  double theta_line = 0;  // on pre_line_krw
  // Pre-period balance: (treated mean − control mean) / pooled sd. Random
  // assignment keeps it near 0; beyond ±0.1 the groups differ before the offer.
  double pre_period_smd = 0;
  // From the CUPED estimate: per-customer uplift × treated members.
  Interval incremental_revenue_krw;
  double discount_cost_krw = 0;  // all discounts treated members redeemed
  // Incremental revenue per KRW of discount (0 when nothing was redeemed).
  Interval return_on_discount;
};

// Needs at least 2 members in each group (invalid_input otherwise).
[[nodiscard]] Result<UpliftEstimate> estimate_uplift(std::span<const UpliftObservation> members);

// Welch's comparison from summary statistics (sample variances). Each group
// needs at least 2 members.
[[nodiscard]] MeanComparison welch_compare(double treated_mean, double treated_var, std::int64_t treated_n,
                                           double control_mean, double control_var, std::int64_t control_n);

// The p-quantile of Student's t with df degrees of freedom (df > 0, real).
[[nodiscard]] double student_t_quantile(double p, double df);

}  // namespace smartstore::models
