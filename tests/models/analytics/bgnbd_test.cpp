// BG/NBD against Fader, Hardie & Lee (2005) and the lifetimes library on the
// CDNOW summary (2,357 customers, weeks).
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "smartstore/models/bgnbd.h"
#include "support/cdnow_summary.h"
#include "support/test_paths.h"

using namespace smartstore::models;

namespace {
std::vector<RfmtRow> cdnow_summary() {
  return smartstore::testing::read_cdnow_summary(
      smartstore::testing::data_path("analytics/cdnow_customers_summary.csv"));
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
  BgNbdOptions reference_options;
  reference_options.per_customer_reference = true;
  const auto reference = fit_bgnbd(rows, reference_options);
  REQUIRE(grouped);
  REQUIRE(reference);
  CHECK(grouped->converged);
  CHECK(grouped->sample_size == 2357);
  CHECK(grouped->params.r == doctest::Approx(reference->params.r).epsilon(1e-5));
  CHECK(grouped->params.alpha == doctest::Approx(reference->params.alpha).epsilon(1e-5));
  CHECK(grouped->params.a == doctest::Approx(reference->params.a).epsilon(1e-5));
  CHECK(grouped->params.b == doctest::Approx(reference->params.b).epsilon(1e-5));
  // The gradient fit is at least as good an optimum as the simplex.
  CHECK(grouped->log_likelihood >= reference->log_likelihood - 1e-6);
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
