#include <doctest/doctest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "smartstore/models/uplift.h"

namespace smartstore::models {
namespace {

// The worked example, by hand (KRW, tiny on purpose):
//   treated spend Y 10 12 14 16, pre-period X  9 12 13 17; two redeemed, 3 KRW discount each
//   control spend Y  8 10 12,    pre-period X  8  9 13
// Raw: means 13 and 10, difference 3. Sample variances 20/3 and 4, so
//   se^2 = (20/3)/4 + 4/3 = 5/3 + 4/3 = 3, se = 1.7320508.
//   Welch df = 3^2 / ((5/3)^2/3 + (4/3)^2/2) = 9 / (25/27 + 8/9) = 9 / (49/27) = 243/49 = 4.9591837.
//   t(0.975; 243/49) = 2.5769584 (between the table's 2.7764 at 4 and 2.5706 at 5; boost::math gives
//   the same to 7 digits), so the interval is 3 ± 2.5769584 × 1.7320508 = 3 ± 4.4634 = [-1.4634, 7.4634].
//   Relative: 3/10 = 0.3; delta method se^2 = (5/3)/100 + 169 × (4/3)/10^4 = 0.0166667 + 0.0225333 = 0.0392,
//   se = 0.1979899, interval 0.3 ± 2.5769584 × 0.1979899 = [-0.2102, 0.8102].
// CUPED: over all seven, mean X = 81/7, mean Y = 82/7; sum of (X-81/7)(Y-82/7) = 344/7 so
//   cov = 344/42 = 172/21, sum of (X-81/7)^2 = 418/7 so var X = 209/21, theta = 172/209 = 0.8229665.
//   Adjusted Y' = Y - theta (X - 81/7): group means 12.0298 and 11.2930 (treated pre mean 51/4 is
//   above the pooled 81/7, control's 10 below), difference 14/19 = 0.7368421.
// Balance: pre means 12.75 and 10; variances 32.75/3 = 131/12 and 14/2 = 7, pooled sd
//   sqrt((131/12 + 7)/2) = 2.99305; standardized difference 2.75 / 2.99305 = 0.9188 (a badly balanced toy,
//   which is why CUPED moves it).
// Money: incremental revenue (CUPED) 14/19 × 4 = 2.947; discount cost 6; return 2.947 / 6 = 0.4912.
std::vector<UpliftObservation> worked_example() {
  // pre_line_krw left 0: a covariate that does not vary is left out.
  return {{true, 10, 9, 0, true, 3},   {true, 12, 12, 0, false, 0}, {true, 14, 13, 0, true, 3},
          {true, 16, 17, 0, false, 0}, {false, 8, 8, 0, false, 0},  {false, 10, 9, 0, false, 0},
          {false, 12, 13, 0, false, 0}};
}

TEST_CASE("uplift_student_t_quantiles_match_the_table") {
  CHECK(student_t_quantile(0.975, 4) == doctest::Approx(2.7764451052).epsilon(1e-9));
  CHECK(student_t_quantile(0.975, 5) == doctest::Approx(2.5705818356).epsilon(1e-9));
  CHECK(student_t_quantile(0.975, 10) == doctest::Approx(2.2281388520).epsilon(1e-9));
  CHECK(student_t_quantile(0.975, 30) == doctest::Approx(2.0422724563).epsilon(1e-9));
  CHECK(student_t_quantile(0.975, 1000) == doctest::Approx(1.9623390808).epsilon(1e-9));
  CHECK(student_t_quantile(0.025, 10) == doctest::Approx(-2.2281388520).epsilon(1e-9));
  CHECK(std::isnan(student_t_quantile(0.975, 0)));
}

TEST_CASE("uplift_welch_interval_matches_the_hand_computed_example") {
  const auto obs = worked_example();
  const auto e = estimate_uplift(obs);
  REQUIRE(e);
  CHECK(e->treated.members == 4);
  CHECK(e->control.members == 3);
  CHECK(e->treated.redeemed == 2);
  CHECK(e->treated.redemption_rate == doctest::Approx(0.5));
  CHECK(e->treated.mean_spend_krw == doctest::Approx(13));
  CHECK(e->control.mean_spend_krw == doctest::Approx(10));
  CHECK(e->raw.standard_error == doctest::Approx(std::sqrt(3.0)));
  CHECK(e->raw.degrees_of_freedom == doctest::Approx(243.0 / 49.0));
  CHECK(e->raw.absolute.estimate == doctest::Approx(3));
  CHECK(e->raw.absolute.low == doctest::Approx(-1.4634).epsilon(1e-4));
  CHECK(e->raw.absolute.high == doctest::Approx(7.4634).epsilon(1e-4));
  CHECK(e->raw.relative.estimate == doctest::Approx(0.3));
  CHECK(e->raw.relative.low == doctest::Approx(-0.2102).epsilon(1e-3));
  CHECK(e->raw.relative.high == doctest::Approx(0.8102).epsilon(1e-3));
}

TEST_CASE("uplift_cuped_balance_and_money_match_the_hand_computed_example") {
  const auto obs = worked_example();
  const auto e = estimate_uplift(obs);
  REQUIRE(e);
  CHECK(e->theta == doctest::Approx(172.0 / 209.0));
  CHECK(e->theta_line == 0);
  CHECK(e->cuped.absolute.estimate == doctest::Approx(14.0 / 19.0));
  CHECK(e->treated.mean_pre_spend_krw == doctest::Approx(12.75));
  CHECK(e->control.mean_pre_spend_krw == doctest::Approx(10));
  CHECK(e->pre_period_smd == doctest::Approx(0.9188).epsilon(1e-3));
  CHECK(e->incremental_revenue_krw.estimate == doctest::Approx(56.0 / 19.0));
  CHECK(e->discount_cost_krw == doctest::Approx(6));
  CHECK(e->return_on_discount.estimate == doctest::Approx(56.0 / 19.0 / 6.0));
}

TEST_CASE("uplift_needs_two_members_in_each_group") {
  const std::vector<UpliftObservation> one_control{
      {true, 1, 1, 0, false, 0}, {true, 2, 1, 0, false, 0}, {false, 1, 1, 0, false, 0}};
  const auto e = estimate_uplift(one_control);
  REQUIRE_FALSE(e);
  CHECK(e.error().kind() == ErrorKind::invalid_input);
}

// The estimator keeps each group's sums as one pair, updated by vector
// operations on masked values. Each must equal the plain scalar sum over that
// group's members in order, to the last bit; so must everything computed
// from them (the CUPED fit itself is taken from the estimate).
TEST_CASE("uplift_estimator_sums_equal_plain_scalar_sums_to_the_last_bit") {
  std::mt19937_64 rng(7);
  std::vector<UpliftObservation> obs(999);
  for (auto& o : obs) {
    o.treated = rng() % 7 != 0;
    o.spend_krw = static_cast<double>(rng() % 200000) - 20000;  // refunds make some negative
    o.pre_spend_krw = static_cast<double>(rng() % 3000000);
    o.pre_line_krw = o.pre_spend_krw / static_cast<double>(1 + rng() % 40);
  }
  const auto e = estimate_uplift(obs);
  REQUIRE(e);
  struct Group {
    double n = 0, sum = 0, pre = 0, mean = 0, pre_mean = 0, ss = 0, pre_ss = 0, adj = 0, adj_ss = 0;
  } g[2];  // [0] treated, [1] control
  double x0 = 0, x1 = 0;
  for (const auto& o : obs) {
    Group& m = g[o.treated ? 0 : 1];
    ++m.n;
    m.sum += o.spend_krw;
    m.pre += o.pre_spend_krw;
    x0 += o.pre_spend_krw;
    x1 += o.pre_line_krw;
  }
  const auto n = static_cast<double>(obs.size());
  x0 /= n;
  x1 /= n;
  for (Group& m : g) {
    m.mean = m.sum / m.n;
    m.pre_mean = m.pre / m.n;
  }
  for (const auto& o : obs) {
    Group& m = g[o.treated ? 0 : 1];
    m.ss += (o.spend_krw - m.mean) * (o.spend_krw - m.mean);
    m.pre_ss += (o.pre_spend_krw - m.pre_mean) * (o.pre_spend_krw - m.pre_mean);
  }
  const auto adjusted = [&](const UpliftObservation& o) {
    return o.spend_krw - (e->theta * (o.pre_spend_krw - x0) + e->theta_line * (o.pre_line_krw - x1));
  };
  for (const auto& o : obs) g[o.treated ? 0 : 1].adj += adjusted(o);
  for (Group& m : g) m.adj /= m.n;
  for (const auto& o : obs) {
    Group& m = g[o.treated ? 0 : 1];
    m.adj_ss += (adjusted(o) - m.adj) * (adjusted(o) - m.adj);
  }
  const auto bits = [](double v) { return std::bit_cast<std::uint64_t>(v); };
  const auto same = [&](const MeanComparison& a, const MeanComparison& b) {
    for (const auto& [u, v] : {std::pair{a.absolute, b.absolute}, std::pair{a.relative, b.relative}}) {
      CHECK(bits(u.estimate) == bits(v.estimate));
      CHECK(bits(u.low) == bits(v.low));
      CHECK(bits(u.high) == bits(v.high));
    }
    CHECK(bits(a.standard_error) == bits(b.standard_error));
    CHECK(bits(a.degrees_of_freedom) == bits(b.degrees_of_freedom));
  };
  const std::int64_t nt = e->treated.members, nc = e->control.members;
  REQUIRE(static_cast<double>(nt) == g[0].n);
  const double vt = g[0].ss / (g[0].n - 1), vc = g[1].ss / (g[1].n - 1);
  CHECK(bits(e->treated.mean_spend_krw) == bits(g[0].mean));
  CHECK(bits(e->control.mean_spend_krw) == bits(g[1].mean));
  CHECK(bits(e->treated.sd_spend_krw) == bits(std::sqrt(vt)));
  CHECK(bits(e->control.sd_spend_krw) == bits(std::sqrt(vc)));
  CHECK(bits(e->treated.mean_pre_spend_krw) == bits(g[0].pre_mean));
  CHECK(bits(e->control.mean_pre_spend_krw) == bits(g[1].pre_mean));
  same(e->raw, welch_compare(g[0].mean, vt, nt, g[1].mean, vc, nc));
  same(e->cuped,
       welch_compare(g[0].adj, g[0].adj_ss / (g[0].n - 1), nt, g[1].adj, g[1].adj_ss / (g[1].n - 1), nc));
  const double pooled_sd = std::sqrt((g[0].pre_ss / (g[0].n - 1) + g[1].pre_ss / (g[1].n - 1)) / 2);
  CHECK(bits(e->pre_period_smd) == bits((g[0].pre_mean - g[1].pre_mean) / pooled_sd));
  CHECK(e->theta != 0);
  CHECK(e->theta_line != 0);
}

// Planted data: pre-period spend X ~ lognormal, window spend Y = X × noise,
// treated Y × 1.10. Over 200 replications CUPED's mean estimate stays on the
// truth (no bias) and its interval is narrower than the raw one every time.
TEST_CASE("uplift_cuped_narrows_the_interval_without_bias_on_planted_data") {
  std::mt19937_64 rng(20261202);
  const auto normal = [&] {
    // Box-Muller on the engine's raw output: the same numbers on every platform.
    const double u1 = (static_cast<double>(rng() >> 11) + 0.5) * 0x1.0p-53;
    const double u2 = static_cast<double>(rng() >> 11) * 0x1.0p-53;
    return std::sqrt(-2 * std::log(u1)) * std::cos(2 * M_PI * u2);
  };
  constexpr int kRuns = 200, kMembers = 2000;
  constexpr double kBase = 50000, kEffect = 0.10;
  double raw_sum = 0, cuped_sum = 0;
  int narrower = 0, raw_covers = 0, cuped_covers = 0;
  for (int run = 0; run < kRuns; ++run) {
    std::vector<UpliftObservation> obs(kMembers);
    for (int i = 0; i < kMembers; ++i) {
      const double x = kBase * std::exp(0.8 * normal());
      const bool treated = i % 10 != 0;
      const double y = x * std::exp(0.3 * normal() - 0.045) * (treated ? 1 + kEffect : 1);
      obs[static_cast<std::size_t>(i)] = {treated, y, x, 0, false, 0};
    }
    const auto e = estimate_uplift(obs);
    REQUIRE(e);
    // Truth per customer: mean X is kBase e^{0.32}; the noise has mean 1.
    const double truth = kEffect * kBase * std::exp(0.32);
    raw_sum += e->raw.absolute.estimate / truth;
    cuped_sum += e->cuped.absolute.estimate / truth;
    raw_covers += e->raw.absolute.covers(truth) ? 1 : 0;
    cuped_covers += e->cuped.absolute.covers(truth) ? 1 : 0;
    const double raw_width = e->raw.absolute.high - e->raw.absolute.low;
    const double cuped_width = e->cuped.absolute.high - e->cuped.absolute.low;
    narrower += cuped_width < raw_width ? 1 : 0;
  }
  INFO("mean estimate / truth: raw " << raw_sum / kRuns << ", cuped " << cuped_sum / kRuns);
  INFO("coverage: raw " << raw_covers << ", cuped " << cuped_covers << " of " << kRuns);
  CHECK(narrower == kRuns);
  CHECK(cuped_sum / kRuns == doctest::Approx(1.0).epsilon(0.05));
  CHECK(cuped_covers >= 180);  // 95 % nominal; 180 of 200 is 2.5 sd below
  CHECK(raw_covers >= 180);
}

}  // namespace
}  // namespace smartstore::models
