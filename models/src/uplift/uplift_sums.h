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
  double mean = 0, var = 0;
};

// One member's values as the passes read them.
struct UpliftPoint {
  bool treated = false;
  double spend = 0, pre = 0, line = 0;
};

class UpliftSums {
 public:
  // Pass 0: means; 1: spreads and the regression; 2: adjusted means;
  // 3: adjusted spreads. end(pass) after each. The treated and the control
  // group's sums of a value are one pair, both lanes updated by one vector
  // operation, each with the value masked to +0.0 in the other group's lane
  // (x + 0.0 == x): each lane takes exactly the scalar operations, so a
  // caller can keep the pairs in registers and the sums are the scalar ones.
  template <int Pass>
  void add(const UpliftPoint& p) {
    const Mask in_group = kTreatedLane ^ (Mask{} - static_cast<std::int64_t>(!p.treated));
    if constexpr (Pass == 0) {
      t_n_ += p.treated ? 1 : 0;
      sum_ += masked(Pair{} + p.spend, in_group);
      pre_sum_ += masked(Pair{} + p.pre, in_group);
      x_ += Pair{p.pre, p.line};
      y_ += p.spend;
      ++n_;
    } else if constexpr (Pass == 1) {
      const Pair d = p.spend - mean_, d_pre = p.pre - pre_mean_;
      ss_ += masked(d * d, in_group);
      pre_ss_ += masked(d_pre * d_pre, in_group);
      const Pair x = Pair{p.pre, p.line} - x_;
      const double dy = p.spend - y_;
      sxx0_ += x[0] * x;
      sxx11_ += x[1] * x[1];
      sxy_ += x * dy;
    } else if constexpr (Pass == 2) {
      adj_sum_ += masked(Pair{} + adjusted(p), in_group);
    } else {
      const Pair d = adjusted(p) - adj_mean_;
      adj_ss_ += masked(d * d, in_group);
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
  [[nodiscard]] std::int64_t treated() const { return t_n_; }
  [[nodiscard]] std::int64_t control() const { return n_ - t_n_; }
  // After the four passes; invalid_input with fewer than 2 members in a group.
  [[nodiscard]] Result<UpliftEstimate> estimate() const;

 private:
  // Lane 0 the treated group, lane 1 the control group.
  using Pair = double __attribute__((vector_size(16)));
  using Mask = std::int64_t __attribute__((vector_size(16)));
  static constexpr Mask kTreatedLane = {-1, 0};
  static Pair masked(Pair v, Mask mask) { return std::bit_cast<Pair>(std::bit_cast<Mask>(v) & mask); }
  // Spend less what the pre-period predicts, centred: x_ holds the pooled
  // means once pass 0 has ended. theta0 * x0 + theta1 * x1, as the scalar sum.
  [[nodiscard]] double adjusted(const UpliftPoint& p) const {
    const Pair t = theta_ * (Pair{p.pre, p.line} - x_);
    return p.spend - (t[0] + t[1]);
  }
  // One lane's mean and its sample variance (from the sum of squares about the mean).
  [[nodiscard]] Moments moments(int lane, Pair mean, Pair ss) const;
  void fit_theta();

  Pair sum_{}, pre_sum_{}, adj_sum_{};     // spend, pre-period spend, adjusted spend
  Pair mean_{}, pre_mean_{}, adj_mean_{};  // after passes 0, 0 and 2
  Pair ss_{}, pre_ss_{}, adj_ss_{};        // sums of squares about the means
  std::int64_t n_ = 0, t_n_ = 0;
  Pair x_{};      // sums of pre spend and pre line amount; then their pooled means
  double y_ = 0;  // sum of spend; then its pooled mean
  Pair sxx0_{};   // sxx00, sxx01
  double sxx11_ = 0;
  Pair sxy_{};  // sxy0, sxy1
  Pair theta_{};
  std::int64_t t_redeemed_ = 0, c_redeemed_ = 0;
  double discount_krw_ = 0;
};

}  // namespace smartstore::models
