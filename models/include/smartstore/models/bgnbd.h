#pragma once
// BG/NBD (Fader, Hardie & Lee 2005) maximum-likelihood fit and predictions,
// matching the `lifetimes` library's BetaGeoFitter (penalizer 0).
#include <cstddef>
#include <span>
#include <vector>
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
  int evaluations = 0;  // of the likelihood with its gradient and Hessian (0 for the reference fit)
  bool converged = false;
};

struct BgNbdOptions {
  int max_iterations = 4000;
  // The fit stops when every component of the mean negative log-likelihood's
  // gradient (in log-parameters) is below this.
  double tolerance = 1e-10;
  // The reference fit: every customer's row on its own, derivative-free
  // (Nelder–Mead on the per-row likelihood). Same optimum, hundreds of times
  // slower; the benchmark's baseline and a cross-check in the tests.
  bool per_customer_reference = false;
};

// The likelihood's sufficient statistics: customers sharing (x, t_x, T)
// share a term, so a fit needs only the distinct triples and their counts.
// Shards of a large batch count their triples and the counts add up.
struct BgNbdGroup {
  double x = 0, t_x = 0, T = 0;
  double count = 0;
};
// Distinct triples of `rows`, ordered by (x, t_x, T); fails (invalid_input)
// on an impossible row.
[[nodiscard]] Result<std::vector<BgNbdGroup>> bgnbd_groups(std::span<const RfmtRow> rows);
// Adds `more` into `groups` (both ordered as bgnbd_groups returns them).
void merge_bgnbd_groups(std::vector<BgNbdGroup>& groups, std::span<const BgNbdGroup> more);

// Per-customer log-likelihood of (x = frequency, t_x = recency, T).
[[nodiscard]] double bgnbd_log_likelihood(const BgNbdParams& p, double x, double t_x, double T);
[[nodiscard]] double bgnbd_log_likelihood(const BgNbdParams& p, std::span<const RfmtRow> rows);

// Fails (invalid_input) on no rows, an impossible row or a likelihood that is
// not finite anywhere the optimizer looked.
[[nodiscard]] Result<BgNbdFit> fit_bgnbd(std::span<const RfmtRow> rows, const BgNbdOptions& options = {});
// The same fit on triples with counts (maximum likelihood by Newton's method
// on the analytic gradient and Hessian, in log-parameters); equal to
// fit_bgnbd on the rows the triples came from.
[[nodiscard]] Result<BgNbdFit> fit_bgnbd(std::span<const BgNbdGroup> groups,
                                         const BgNbdOptions& options = {});

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
