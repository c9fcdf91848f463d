// BG/NBD against Fader, Hardie & Lee (2005) and the lifetimes library on the
// CDNOW summary (2,357 customers, weeks).
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "../../../models/src/analytics/nelder_mead.h"
#include "../../../models/src/analytics/special_functions.h"
#include "smartstore/models/bgnbd.h"
#include "support/cdnow_summary.h"
#include "support/test_paths.h"

using namespace smartstore::models;

namespace {
std::vector<RfmtRow> cdnow_summary() {
  return smartstore::testing::read_cdnow_summary(
      smartstore::testing::data_path("analytics/cdnow_customers_summary.csv"));
}

// Customers who never churn: each buys by a Poisson process of its own rate
// (exponential across customers, mean 0.05 a day) over 1–365 days, counted
// in whole days. Drawn with splitmix64, so the set is the same everywhere.
std::vector<RfmtRow> never_churning(std::size_t customers) {
  std::uint64_t state = 7;
  auto uniform = [&state] {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return (static_cast<double>((z ^ (z >> 31)) >> 11) + 0.5) * 0x1p-53;
  };
  std::vector<RfmtRow> rows;
  for (std::size_t c = 0; c < customers; ++c) {
    const double rate = -std::log(uniform()) * 0.05, T = 1 + std::floor(uniform() * 365);
    double t = 0, last = 0, x = 0;
    while ((t -= std::log(uniform()) / rate) < T)
      if (std::floor(t) > last) last = std::floor(t), ++x;
    rows.push_back({static_cast<std::uint32_t>(c), x, last, T, 0});
  }
  return rows;
}

// The no-churn boundary's best log-likelihood: BG/NBD with p = 0 is the NBD
// model, ln Γ(r+x) − ln Γ(r) + r ln α − (r+x) ln(α+T), fitted on its own.
double nbd_maximum(const std::vector<RfmtRow>& rows) {
  using smartstore::models::analytics::log_gamma;
  auto minus_ll = [&rows](const Eigen::VectorXd& lp) {
    const double r = std::exp(lp(0)), alpha = std::exp(lp(1));
    double sum = 0;
    for (const RfmtRow& c : rows)
      sum += log_gamma(r + c.frequency) - log_gamma(r) + r * std::log(alpha) -
             (r + c.frequency) * std::log(alpha + c.T);
    return -sum;
  };
  const auto best =
      smartstore::models::analytics::nelder_mead(minus_ll, Eigen::Vector2d(0.0, 3.0), 4000, 1e-12);
  return -best.value;
}

// The grouped Newton fit against the per-customer simplex on the same rows.
void check_against_reference(const std::vector<RfmtRow>& rows, const BgNbdFit& grouped, double epsilon) {
  BgNbdOptions reference_options;
  reference_options.per_customer_reference = true;
  const auto reference = fit_bgnbd(rows, reference_options);
  REQUIRE(reference);
  CHECK(grouped.converged);
  CHECK(grouped.params.r == doctest::Approx(reference->params.r).epsilon(epsilon));
  CHECK(grouped.params.alpha == doctest::Approx(reference->params.alpha).epsilon(epsilon));
  CHECK(grouped.params.a == doctest::Approx(reference->params.a).epsilon(epsilon));
  CHECK(grouped.params.b == doctest::Approx(reference->params.b).epsilon(epsilon));
  // The gradient fit is at least as good an optimum as the simplex.
  CHECK(grouped.log_likelihood >= reference->log_likelihood - 1e-6);
}
}  // namespace

TEST_CASE("BG/NBD fit reproduces the CDNOW reference parameters and log-likelihood") {
  const auto rows = cdnow_summary();
  REQUIRE(rows.size() == 2357);
  const auto fitted = fit_bgnbd(rows);
  REQUIRE(fitted);
  const BgNbdFit& fit = *fitted;
  CHECK(fit.sample_size == 2357);
  CHECK(fit.params.r == doctest::Approx(0.2426).epsilon(0.00005 / 0.2426));
  CHECK(fit.params.alpha == doctest::Approx(4.4135).epsilon(0.00005 / 4.4135));
  CHECK(fit.params.a == doctest::Approx(0.7929).epsilon(0.00005 / 0.7929));
  CHECK(fit.params.b == doctest::Approx(2.4258).epsilon(0.00005 / 2.4258));
  CHECK(fit.log_likelihood == doctest::Approx(-9582.43).epsilon(0.005 / 9582.43));
}

TEST_CASE("BG/NBD predictions for the reference customer (x=2, t_x=30.43, T=38.86)") {
  const auto fitted = fit_bgnbd(cdnow_summary());
  REQUIRE(fitted);
  const BgNbdFit& fit = *fitted;
  CHECK(bgnbd_expected_purchases(fit.params, 39, 2, 30.43, 38.86) ==
        doctest::Approx(1.2259).epsilon(0.00005 / 1.2259));
  CHECK(bgnbd_probability_alive(fit.params, 2, 30.43, 38.86) ==
        doctest::Approx(0.7266).epsilon(0.00005 / 0.7266));
}

TEST_CASE("BG/NBD hand-checked pieces") {
  const BgNbdParams p{0.2426, 4.4135, 0.7929, 2.4258};
  // x = 0: the likelihood reduces to r·ln(α/(α+T)), P(alive) is 1.
  CHECK(bgnbd_log_likelihood(p, 0, 0, 10) == doctest::Approx(p.r * std::log(p.alpha / (p.alpha + 10))));
  CHECK(bgnbd_probability_alive(p, 0, 0, 38.86) == 1.0);
  // More recent activity means more likely alive.
  CHECK(bgnbd_probability_alive(p, 3, 38, 38.86) > bgnbd_probability_alive(p, 3, 10, 38.86));
  // 2F1 with b = c is (1 − z)^−a.
  CHECK(hyp2f1(1.5, 2.0, 2.0, 0.3) == doctest::Approx(std::pow(0.7, -1.5)));
  // Expected purchases grow with the horizon and start at 0.
  CHECK(bgnbd_expected_purchases(p, 0, 2, 30.43, 38.86) == doctest::Approx(0.0));
  CHECK(bgnbd_expected_purchases(p, 52, 2, 30.43, 38.86) > bgnbd_expected_purchases(p, 39, 2, 30.43, 38.86));
  CHECK(bgnbd_expected_purchases_new(p, 39) > 0);
}

TEST_CASE("BG/NBD reports unusable input as an error value") {
  CHECK_FALSE(fit_bgnbd(std::vector<RfmtRow>{}).has_value());
  CHECK_FALSE(fit_bgnbd(std::vector<RfmtRow>{{1, 2, 10, 5, 0}}).has_value());  // recency > T
}

TEST_CASE("BG/NBD on distinct triples equals the per-customer reference fit") {
  const auto rows = cdnow_summary();
  const auto groups = bgnbd_groups(rows);
  REQUIRE(groups);
  // Far fewer triples than customers, and their counts add up to everyone.
  CHECK(groups->size() < rows.size() / 2);
  double customers = 0;
  for (const BgNbdGroup& g : *groups) customers += g.count;
  CHECK(customers == 2357);
  const auto grouped = fit_bgnbd(*groups);
  REQUIRE(grouped);
  CHECK(grouped->sample_size == 2357);
  check_against_reference(rows, *grouped, 1e-5);
}

TEST_CASE("BG/NBD triples from shards merge into the whole set's triples") {
  const auto rows = cdnow_summary();
  const std::span<const RfmtRow> all(rows);
  auto merged = bgnbd_groups(all.first(1000));
  const auto rest = bgnbd_groups(all.subspan(1000));
  REQUIRE(merged);
  REQUIRE(rest);
  merge_bgnbd_groups(*merged, *rest);
  const auto whole = bgnbd_groups(all);
  REQUIRE(whole);
  REQUIRE(merged->size() == whole->size());
  for (std::size_t i = 0; i < whole->size(); ++i) {
    CHECK((*merged)[i].x == (*whole)[i].x);
    CHECK((*merged)[i].T == (*whole)[i].T);
    CHECK((*merged)[i].count == (*whole)[i].count);
  }
  const auto a = fit_bgnbd(*merged);
  const auto b = fit_bgnbd(rows);
  REQUIRE(a);
  REQUIRE(b);
  CHECK(a->params.r == b->params.r);
  CHECK(a->params.b == b->params.b);
  CHECK_FALSE(fit_bgnbd(std::vector<BgNbdGroup>{{1, 2, 3, 0}}).has_value());  // no count
}

TEST_CASE("BG/NBD where nobody churns stops at the no-churn boundary within a few dozen evaluations") {
  // The likelihood has no interior optimum here: it rises towards p = 0.
  // The fit must get there in a few steps rather than crawl along the
  // boundary, and its log-likelihood must be the likelihood at its
  // parameters, not rounding noise of the gamma functions at a huge b.
  const auto rows = never_churning(5000);
  const auto fit = fit_bgnbd(rows);
  REQUIRE(fit);
  CHECK(fit->converged);
  CHECK(fit->evaluations <= 60);
  const double boundary = nbd_maximum(rows);
  CHECK(fit->log_likelihood == doctest::Approx(boundary).epsilon(1e-7));
  CHECK(fit->log_likelihood == doctest::Approx(bgnbd_log_likelihood(fit->params, rows)).epsilon(1e-9));
  const BgNbdParams& p = fit->params;
  CHECK(p.a / (p.a + p.b) < 1e-6);  // the mean churn probability
  CHECK(bgnbd_probability_alive(p, 5, 100, 365) > 0.999);
}

TEST_CASE("BG/NBD with fractional frequencies fits through the gamma functions, as the reference") {
  auto rows = cdnow_summary();
  rows.resize(600);
  for (RfmtRow& r : rows)
    if (r.frequency > 0) r.frequency += 0.5;
  const auto grouped = fit_bgnbd(rows);
  REQUIRE(grouped);
  check_against_reference(rows, *grouped, 1e-4);
}
