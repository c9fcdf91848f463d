// Gamma-Gamma against the lifetimes library's reference fit on the 946 repeat
// buyers of the CDNOW sample.
#include <doctest/doctest.h>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>
#include "smartstore/models/lpoint_csv.h"
#include "smartstore/models/rfm.h"
#include "support/test_paths.h"

#include <algorithm>
#include <cmath>

#include "smartstore/models/bgnbd.h"
#include "smartstore/models/clv.h"
#include "smartstore/models/gamma_gamma.h"

#include "models/support/cdnow_sample.h"

using namespace smartstore::models;

TEST_CASE("Gamma-Gamma reproduces p, q, v on the CDNOW repeat buyers") {
  const auto summary = rfmt_summary(testdata::cdnow_transactions(), testdata::cdnow_options());
  REQUIRE(summary.size() == 2357);
  const auto repeat =
      std::count_if(summary.begin(), summary.end(), [](const RfmtRow& r) { return r.frequency > 0; });
  CHECK(repeat == 946);
  // Customer 1 of lifetimes' data file: x = 2, zbar = 22.35.
  CHECK(summary[0].frequency == 2);
  CHECK(summary[0].monetary == doctest::Approx(22.345));
  // Hardie's data file (lifetimes' cdnow_customers_summary_with_transactions)
  // holds zbar rounded half up on the decimal value: customer 401 bought
  // 18.13 and 18.14 after the first purchase, the file says 18.14.
  const auto c401 =
      std::find_if(summary.begin(), summary.end(), [](const RfmtRow& r) { return r.customer == 401; });
  REQUIRE(c401 != summary.end());
  CHECK(c401->frequency == 2);
  CHECK(std::round(c401->monetary * 100) / 100 == doctest::Approx(18.13));  // binary rounding misses the tie
  CHECK(round_half_up_to_cents(c401->monetary) == 18.14);
  CHECK(round_half_up_to_cents(22.345) == 22.35);
  CHECK(round_half_up_to_cents(22.344999) == 22.34);
  CHECK(round_half_up_to_cents(-0.125) == -0.13);
  GammaGammaOptions options;
  options.round_monetary_to_cents = true;  // as lifetimes' data file
  const auto fitted = fit_gamma_gamma(summary, options);
  REQUIRE(fitted);
  const GammaGammaFit& fit = *fitted;
  CHECK(fit.converged);
  CHECK(fit.sample_size == 946);
  // The reference to the 4 printed decimals. (scipy's BFGS from lifetimes'
  // start, 0.1 in log space, gtol 1e-7, lands on the same optimum:
  // 6.24880, 3.74459, 15.44775, log-likelihood -4055.9232.)
  const auto to4 = [](double x) { return std::round(x * 1e4) / 1e4; };
  CHECK(to4(fit.params.p) == 6.2488);
  CHECK(to4(fit.params.q) == 3.7446);
  CHECK(to4(fit.params.v) == 15.4477);
  CHECK(fit.log_likelihood == doctest::Approx(-4055.9232).epsilon(1e-7));
  double reference_ll = 0;
  for (const RfmtRow& r : summary)
    if (r.frequency > 0)
      reference_ll += gamma_gamma_log_likelihood({6.2488, 3.7446, 15.4477}, r.frequency,
                                                 round_half_up_to_cents(r.monetary));
  CHECK(fit.log_likelihood >= reference_ll);
  // Unrounded means (lifetimes' summary_data_from_transaction_data on the
  // transactions) move the optimum to p 6.2496, q 3.7442, v 15.4435.
  const auto raw_fitted = fit_gamma_gamma(summary);
  REQUIRE(raw_fitted);
  const GammaGammaFit& raw = *raw_fitted;
  CHECK(to4(raw.params.p) == 6.2496);
  CHECK(to4(raw.params.q) == 3.7442);
  CHECK(to4(raw.params.v) == 15.4435);
}

TEST_CASE("Gamma-Gamma expected spend shrinks towards the population mean") {
  const GammaGammaParams g{6.2488, 3.7446, 15.4477};
  const double population = g.v * g.p / (g.q - 1);
  CHECK(gamma_gamma_expected_spend(g, 0, 0) == doctest::Approx(population));
  // One repeat purchase of 100: weight p/(p+q−1) on the customer's own mean.
  const double w = g.p / (g.p + g.q - 1);
  CHECK(gamma_gamma_expected_spend(g, 1, 100) == doctest::Approx((1 - w) * population + w * 100));
  // More transactions: closer to the customer's own mean.
  CHECK(std::abs(gamma_gamma_expected_spend(g, 10, 100) - 100) <
        std::abs(gamma_gamma_expected_spend(g, 1, 100) - 100));
  CHECK_FALSE(fit_gamma_gamma(std::vector<RfmtRow>{{1, 0, 0, 5, 0}}).has_value());
}

TEST_CASE("CLV over 3 months is expected purchases times expected spend") {
  const auto summary = rfmt_summary(testdata::cdnow_transactions(), testdata::cdnow_options());
  const auto bg_fit = fit_bgnbd(summary);
  const auto gg_fit = fit_gamma_gamma(summary);
  REQUIRE(bg_fit);
  REQUIRE(gg_fit);
  const BgNbdFit& bg = *bg_fit;
  const GammaGammaFit& gg = *gg_fit;
  const RfmtRow row{7, 2, 30.43, 38.86, 40};
  const ClvRow clv = customer_clv(bg.params, gg.params, row, ClvOptions{90.0 / 7});
  CHECK(clv.customer == 7);
  CHECK(clv.expected_purchases ==
        doctest::Approx(bgnbd_expected_purchases(bg.params, 90.0 / 7, 2, 30.43, 38.86)));
  CHECK(clv.expected_spend == doctest::Approx(gamma_gamma_expected_spend(gg.params, 2, 40)));
  CHECK(clv.clv == doctest::Approx(clv.expected_purchases * clv.expected_spend));
  CHECK(clv.p_alive == doctest::Approx(bgnbd_probability_alive(bg.params, 2, 30.43, 38.86)));
  const auto all = customer_clv(bg.params, gg.params, summary, ClvOptions{90.0 / 7});
  REQUIRE(all.size() == summary.size());
  CHECK(std::all_of(all.begin(), all.end(), [](const ClvRow& c) { return c.clv >= 0 && c.p_alive <= 1; }));
}
