#pragma once
// Customer lifetime value over a horizon (report 001: 3 months) =
// BG/NBD expected purchases in the horizon × Gamma-Gamma expected spend.
#include <span>
#include <vector>

#include "smartstore/models/bgnbd.h"
#include "smartstore/models/gamma_gamma.h"
#include "smartstore/models/rfm.h"

namespace smartstore::models {

struct ClvOptions {
  // The horizon in the same units as the rows' recency/T (days: 90, weeks: 90/7).
  double horizon = 90.0;
};

struct ClvRow {
  std::uint32_t customer = 0;
  double expected_purchases = 0;
  double expected_spend = 0;
  double p_alive = 0;
  double clv = 0;
};

[[nodiscard]] ClvRow customer_clv(const BgNbdParams& bg, const GammaGammaParams& gg, const RfmtRow& row,
                                  const ClvOptions& options = {});
[[nodiscard]] std::vector<ClvRow> customer_clv(const BgNbdParams& bg, const GammaGammaParams& gg,
                                               std::span<const RfmtRow> rows, const ClvOptions& options = {});

}  // namespace smartstore::models
