#pragma once
// What one report cell's estimate is computed from, gathered in four passes
// over its members (each pass needs the means of the one before): the
// groups' means, then their spreads and CUPED's regression, then the
// adjusted means, then the adjusted spreads. Every sum is added in the
// members' order, so any caller that visits the same members in the same
// order gets the same numbers to the last bit; a report visits a campaign's
// members once per pass and adds each to its campaign, offer and segment
// cells at the same time.
#include <bit>
#include <cstdint>

#include "smartstore/models/uplift.h"

namespace smartstore::models {

// Mean and sample variance of one group's values, summed in two passes.
struct Moments {
  std::int64_t n = 0;
  double sum = 0, mean = 0, ss = 0, var = 0;
  void end_sum() { mean = n > 0 ? sum / static_cast<double>(n) : 0; }
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
  // 3: adjusted spreads. end(pass) after each. Each group's sums take a
  // value masked to +0.0 for the other group's members (x + 0.0 == x): both
  // are updated without a branch, so a caller can keep them in registers.
  template <int Pass>
  void add(const UpliftPoint& p) {
    const std::uint64_t t = 0 - static_cast<std::uint64_t>(p.treated), c = ~t;
    if constexpr (Pass == 0) {
      t_.n += p.treated ? 1 : 0;
      t_.sum += masked(p.spend, t);
      c_.sum += masked(p.spend, c);
      t_pre_.sum += masked(p.pre, t);
      c_pre_.sum += masked(p.pre, c);
      x0_ += p.pre;
      x1_ += p.line;
      y_ += p.spend;
      ++n_;
    } else if constexpr (Pass == 1) {
      add_spread(t_, c_, p.spend, t, c);
      add_spread(t_pre_, c_pre_, p.pre, t, c);
      const double x0 = p.pre - x0_, x1 = p.line - x1_, dy = p.spend - y_;
      sxx00_ += x0 * x0;
      sxx01_ += x0 * x1;
      sxx11_ += x1 * x1;
      sxy0_ += x0 * dy;
      sxy1_ += x1 * dy;
    } else if constexpr (Pass == 2) {
      const double a = adjusted(p);
      t_adj_.sum += masked(a, t);
      c_adj_.sum += masked(a, c);
    } else {
      add_spread(t_adj_, c_adj_, adjusted(p), t, c);
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
  static double masked(double v, std::uint64_t mask) {
    return std::bit_cast<double>(std::bit_cast<std::uint64_t>(v) & mask);
  }
  static void add_spread(Moments& t, Moments& c, double v, std::uint64_t tm, std::uint64_t cm) {
    t.ss += masked((v - t.mean) * (v - t.mean), tm);
    c.ss += masked((v - c.mean) * (v - c.mean), cm);
  }
  // Spend less what the pre-period predicts, centred: x0_, x1_ hold the
  // pooled means once pass 0 has ended.
  [[nodiscard]] double adjusted(const UpliftPoint& p) const {
    return p.spend - (theta0_ * (p.pre - x0_) + theta1_ * (p.line - x1_));
  }
  void fit_theta();

  Moments t_, c_, t_pre_, c_pre_, t_adj_, c_adj_;
  std::int64_t n_ = 0;
  double x0_ = 0, x1_ = 0, y_ = 0;  // sums of pre spend, pre line amount and spend; then means
  double sxx00_ = 0, sxx01_ = 0, sxx11_ = 0, sxy0_ = 0, sxy1_ = 0;
  double theta0_ = 0, theta1_ = 0;
  std::int64_t t_redeemed_ = 0, c_redeemed_ = 0;
  double discount_krw_ = 0;
};

}  // namespace smartstore::models
