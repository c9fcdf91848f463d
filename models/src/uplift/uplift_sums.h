#pragma once
// What one report cell's estimate is computed from, gathered in four passes
// over its members (each pass needs the means of the one before): the
// groups' means, then their spreads and CUPED's regression, then the
// adjusted means, then the adjusted spreads. Every sum is added in the
// members' order, so any caller that visits the same members in the same
// order gets the same numbers to the last bit; a report visits a campaign's
// members once per pass and adds each to its campaign, offer and segment
// cells at the same time.
#include <Eigen/Dense>

#include <cstdint>

#include "smartstore/models/uplift.h"

namespace smartstore::models {

// Mean and sample variance of one group's values, summed in two passes.
struct Moments {
  std::int64_t n = 0;
  double sum = 0, mean = 0, ss = 0, var = 0;
  void add(double v) {
    ++n;
    sum += v;
  }
  void end_sum() { mean = n > 0 ? sum / static_cast<double>(n) : 0; }
  void add_spread(double v) { ss += (v - mean) * (v - mean); }
  void end_spread() { var = n > 1 ? ss / static_cast<double>(n - 1) : 0; }
};

// One member's values as the passes read them.
struct UpliftPoint {
  bool treated = false;
  double spend = 0, pre = 0, line = 0;
};

class UpliftSums {
 public:
  // Pass 0: means; 1: spreads and the regression; 2: adjusted means;
  // 3: adjusted spreads. end(pass) after each.
  template <int Pass>
  void add(const UpliftPoint& p) {
    if constexpr (Pass == 0) {
      (p.treated ? t_ : c_).add(p.spend);
      (p.treated ? t_pre_ : c_pre_).add(p.pre);
      x_mean_ += Eigen::Vector2d(p.pre, p.line);
      y_mean_ += p.spend;
    } else if constexpr (Pass == 1) {
      (p.treated ? t_ : c_).add_spread(p.spend);
      (p.treated ? t_pre_ : c_pre_).add_spread(p.pre);
      const Eigen::Vector2d x(p.pre - x_mean_(0), p.line - x_mean_(1));
      sxx_ += x * x.transpose();
      sxy_ += x * (p.spend - y_mean_);
    } else if constexpr (Pass == 2) {
      (p.treated ? t_adj_ : c_adj_).add(adjusted(p));
    } else {
      (p.treated ? t_adj_ : c_adj_).add_spread(adjusted(p));
    }
  }
  void end(int pass);
  // The redemptions of treated members (held-out ones redeem nothing) and
  // what they cost, in any order: they are whole numbers.
  void add_redemptions(std::int64_t treated_redeemed, std::int64_t control_redeemed, double discount_krw) {
    t_redeemed_ += treated_redeemed;
    c_redeemed_ += control_redeemed;
    discount_krw_ += discount_krw;
  }
  [[nodiscard]] std::int64_t treated() const { return t_.n; }
  [[nodiscard]] std::int64_t control() const { return c_.n; }
  // After the four passes; invalid_input with fewer than 2 members in a group.
  [[nodiscard]] Result<UpliftEstimate> estimate() const;

 private:
  [[nodiscard]] double adjusted(const UpliftPoint& p) const {
    return p.spend - (theta_(0) * (p.pre - x_mean_(0)) + theta_(1) * (p.line - x_mean_(1)));
  }
  void fit_theta();

  Moments t_, c_, t_pre_, c_pre_, t_adj_, c_adj_;
  Eigen::Vector2d x_mean_ = Eigen::Vector2d::Zero(), theta_ = Eigen::Vector2d::Zero();
  double y_mean_ = 0;
  Eigen::Matrix2d sxx_ = Eigen::Matrix2d::Zero();
  Eigen::Vector2d sxy_ = Eigen::Vector2d::Zero();
  std::int64_t t_redeemed_ = 0, c_redeemed_ = 0;
  double discount_krw_ = 0;
};

}  // namespace smartstore::models
