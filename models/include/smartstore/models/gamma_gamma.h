#pragma once
// Gamma-Gamma spend model (Fader, Hardie & Lee 2005 "RFM and CLV"), as the
// `lifetimes` library's GammaGammaFitter (penalizer 0). Fitted on repeat
// buyers only (frequency > 0, monetary > 0).
#include <cstddef>
#include <span>
#include <string>

#include "smartstore/models/rfm.h"

namespace smartstore::models {

struct GammaGammaParams {
  double p = 0, q = 0, v = 0;
};

struct GammaGammaFit {
  GammaGammaParams params;
  double log_likelihood = 0;  // sum over the repeat buyers used
  std::size_t sample_size = 0;  // repeat buyers used
  int iterations = 0;
  bool converged = false;
  std::string error;
  [[nodiscard]] bool ok() const { return error.empty(); }
};

[[nodiscard]] double gamma_gamma_log_likelihood(const GammaGammaParams& p, double frequency, double monetary);
struct GammaGammaOptions {
  int max_iterations = 4000;
  // lifetimes' CDNOW data file (cdnow_customers_summary_with_transactions)
  // rounds the mean spend to cents; its published fit was made on that.
  bool round_monetary_to_cents = false;
};

// Rows with frequency 0 or monetary <= 0 are skipped.
[[nodiscard]] GammaGammaFit fit_gamma_gamma(std::span<const RfmtRow> rows, int max_iterations = 4000);
[[nodiscard]] GammaGammaFit fit_gamma_gamma(std::span<const RfmtRow> rows, const GammaGammaOptions& options);
// E[mean spend per transaction | frequency, monetary]; the population mean when frequency is 0.
[[nodiscard]] double gamma_gamma_expected_spend(const GammaGammaParams& p, double frequency, double monetary);

}  // namespace smartstore::models
