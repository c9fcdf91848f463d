// Gamma-Gamma against the lifetimes library's reference fit on the 946 repeat
// buyers of the CDNOW sample.
#include <doctest/doctest.h>
#include "support/test_paths.h"
#include "smartstore/models/rfm.h"
#include "smartstore/models/lpoint_csv.h"
#include <vector>
#include <string>
#include <sstream>
#include <fstream>

#include <algorithm>
#include <cmath>

#include "smartstore/models/bgnbd.h"
#include "smartstore/models/clv.h"
#include "smartstore/models/gamma_gamma.h"

#include "cdnow_sample.h"

using namespace smartstore::models;

TEST_CASE("Gamma-Gamma reproduces p, q, v on the CDNOW repeat buyers") {
  const auto summary = rfmt_summary(testdata::cdnow_transactions(), testdata::cdnow_options());
  REQUIRE(summary.size() == 2357);
  const auto repeat = std::count_if(summary.begin(), summary.end(), [](const RfmtRow& r) { return r.frequency > 0; });
  CHECK(repeat == 946);
  // Customer 1 of lifetimes' data file: x = 2, zbar = 22.35.
  CHECK(summary[0].frequency == 2);
  CHECK(summary[0].monetary == doctest::Approx(22.345));
  GammaGammaOptions options;
  options.round_monetary_to_cents = true;  // as lifetimes' data file
  const GammaGammaFit fit = fit_gamma_gamma(summary, options);
  REQUIRE(fit.ok());
  CHECK(fit.sample_size == 946);
  // The likelihood is flat along a ridge: lifetimes' optimizer stopped at
  // p 6.2488, q 3.7446, v 15.4477 (log-likelihood 2e-6 below ours). We agree
  // to 1e-4 relative, and are at least as likely.
  CHECK(fit.params.p == doctest::Approx(6.2488).epsilon(1e-4));
  CHECK(fit.params.q == doctest::Approx(3.7446).epsilon(1e-4));
  CHECK(fit.params.v == doctest::Approx(15.4477).epsilon(1e-4));
  double reference_ll = 0;
  for (const RfmtRow& r : summary)
    if (r.frequency > 0) reference_ll += gamma_gamma_log_likelihood({6.2488, 3.7446, 15.4477}, r.frequency, std::round(r.monetary * 100) / 100);
  CHECK(fit.log_likelihood >= reference_ll - 1e-9);
  CHECK(fit.log_likelihood - reference_ll < 1e-3);
  // Unrounded spend lands on the same ridge.
  const GammaGammaFit raw = fit_gamma_gamma(summary);
  CHECK(raw.params.p == doctest::Approx(6.2488).epsilon(1e-3));
}

TEST_CASE("Gamma-Gamma expected spend shrinks towards the population mean") {
  const GammaGammaParams g{6.2488, 3.7446, 15.4477};
  const double population = g.v * g.p / (g.q - 1);
  CHECK(gamma_gamma_expected_spend(g, 0, 0) == doctest::Approx(population));
  // One repeat purchase of 100: weight p/(p+q−1) on the customer's own mean.
  const double w = g.p / (g.p + g.q - 1);
  CHECK(gamma_gamma_expected_spend(g, 1, 100) == doctest::Approx((1 - w) * population + w * 100));
  // More transactions: closer to the customer's own mean.
  CHECK(std::abs(gamma_gamma_expected_spend(g, 10, 100) - 100) < std::abs(gamma_gamma_expected_spend(g, 1, 100) - 100));
  CHECK_FALSE(fit_gamma_gamma(std::vector<RfmtRow>{{1, 0, 0, 5, 0}}).ok());
}

TEST_CASE("CLV over 3 months is expected purchases times expected spend") {
  const auto summary = rfmt_summary(testdata::cdnow_transactions(), testdata::cdnow_options());
  const BgNbdFit bg = fit_bgnbd(summary);
  const GammaGammaFit gg = fit_gamma_gamma(summary);
  REQUIRE(bg.ok());
  REQUIRE(gg.ok());
  const RfmtRow row{7, 2, 30.43, 38.86, 40};
  const ClvRow clv = customer_clv(bg.params, gg.params, row, ClvOptions{90.0 / 7});
  CHECK(clv.customer == 7);
  CHECK(clv.expected_purchases == doctest::Approx(bgnbd_expected_purchases(bg.params, 90.0 / 7, 2, 30.43, 38.86)));
  CHECK(clv.expected_spend == doctest::Approx(gamma_gamma_expected_spend(gg.params, 2, 40)));
  CHECK(clv.clv == doctest::Approx(clv.expected_purchases * clv.expected_spend));
  CHECK(clv.p_alive == doctest::Approx(bgnbd_probability_alive(bg.params, 2, 30.43, 38.86)));
  const auto all = customer_clv(bg.params, gg.params, summary, ClvOptions{90.0 / 7});
  REQUIRE(all.size() == summary.size());
  CHECK(std::all_of(all.begin(), all.end(), [](const ClvRow& c) { return c.clv >= 0 && c.p_alive <= 1; }));
}
