#pragma once
// BG/NBD (Fader, Hardie & Lee 2005) maximum-likelihood fit and predictions,
// matching the `lifetimes` library's BetaGeoFitter (penalizer 0).
#include <cstddef>
#include <span>
#include "smartstore/common/result.h"
#include "smartstore/models/rfm.h"

namespace smartstore::models {

struct BgNbdParams {
  double r = 0, alpha = 0, a = 0, b = 0;
};

struct BgNbdFit {
  BgNbdParams params;
  double log_likelihood = 0;  // sum over customers
  std::size_t sample_size = 0;
  int iterations = 0;
  bool converged = false;
};

struct BgNbdOptions {
  int max_iterations = 4000;  // Nelder–Mead iterations per restart
  double tolerance = 1e-10;   // on the spread of mean negative log-likelihood
};

// Per-customer log-likelihood of (x = frequency, t_x = recency, T).
[[nodiscard]] double bgnbd_log_likelihood(const BgNbdParams& p, double x, double t_x, double T);
[[nodiscard]] double bgnbd_log_likelihood(const BgNbdParams& p, std::span<const RfmtRow> rows);

// Fails (invalid_input) on no rows, an impossible row or a likelihood that is
// not finite anywhere the optimizer looked.
[[nodiscard]] Result<BgNbdFit> fit_bgnbd(std::span<const RfmtRow> rows, const BgNbdOptions& options = {});

// E[purchases in (T, T + t]] given the history (lifetimes'
// conditional_expected_number_of_purchases_up_to_time).
[[nodiscard]] double bgnbd_expected_purchases(const BgNbdParams& p, double t, double x, double t_x, double T);
// P(still alive at T | history).
[[nodiscard]] double bgnbd_probability_alive(const BgNbdParams& p, double x, double t_x, double T);
// E[purchases in (0, t]] for a new customer.
[[nodiscard]] double bgnbd_expected_purchases_new(const BgNbdParams& p, double t);

// Gauss hypergeometric 2F1(a, b; c; z) for 0 <= z < 1 by its series.
[[nodiscard]] double hyp2f1(double a, double b, double c, double z);

}  // namespace smartstore::models
