#pragma once
// Gamma-Gamma spend model (Fader, Hardie & Lee 2005 "RFM and CLV"), as the
// `lifetimes` library's GammaGammaFitter (penalizer 0). Fitted on repeat
// buyers only (frequency > 0, monetary > 0).
#include <cstddef>
#include <span>
#include "smartstore/common/result.h"
#include "smartstore/models/rfm.h"

namespace smartstore::models {

struct GammaGammaParams {
  double p = 0, q = 0, v = 0;
};

struct GammaGammaFit {
  GammaGammaParams params;
  double log_likelihood = 0;    // sum over the repeat buyers used
  std::size_t sample_size = 0;  // repeat buyers used
  int iterations = 0;
  bool converged = false;
};

[[nodiscard]] double gamma_gamma_log_likelihood(const GammaGammaParams& p, double frequency, double monetary);
struct GammaGammaOptions {
  int max_iterations = 4000;
  // lifetimes' CDNOW data file (cdnow_customers_summary_with_transactions,
  // Hardie's spreadsheet) holds the mean spend rounded to cents, half up on
  // the decimal value; its published fit (p 6.2488, q 3.7446, v 15.4477) was
  // made on that. Unrounded means give p 6.2496, q 3.7442, v 15.4435.
  bool round_monetary_to_cents = false;
};

// Cents half up as a spreadsheet rounds the decimal number: 18.135 -> 18.14,
// although the double nearest 18.135 lies below it (std::round gives 18.13).
[[nodiscard]] double round_half_up_to_cents(double amount);

// Rows with frequency 0 or monetary <= 0 are skipped; fails (invalid_input)
// when none is left or the likelihood is not finite anywhere.
[[nodiscard]] Result<GammaGammaFit> fit_gamma_gamma(std::span<const RfmtRow> rows, int max_iterations = 4000);
[[nodiscard]] Result<GammaGammaFit> fit_gamma_gamma(std::span<const RfmtRow> rows,
                                                    const GammaGammaOptions& options);
// E[mean spend per transaction | frequency, monetary]; the population mean when frequency is 0.
[[nodiscard]] double gamma_gamma_expected_spend(const GammaGammaParams& p, double frequency, double monetary);

}  // namespace smartstore::models
