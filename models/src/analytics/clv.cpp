#include "smartstore/models/clv.h"

namespace smartstore::models {

ClvRow customer_clv(const BgNbdParams& bg, const GammaGammaParams& gg, const RfmtRow& row, const ClvOptions& options) {
  ClvRow out;
  out.customer = row.customer;
  out.expected_purchases = bgnbd_expected_purchases(bg, options.horizon, row.frequency, row.recency, row.T);
  out.expected_spend = gamma_gamma_expected_spend(gg, row.frequency, row.monetary);
  out.p_alive = bgnbd_probability_alive(bg, row.frequency, row.recency, row.T);
  out.clv = out.expected_purchases * out.expected_spend;
  return out;
}

std::vector<ClvRow> customer_clv(const BgNbdParams& bg, const GammaGammaParams& gg, std::span<const RfmtRow> rows,
                                 const ClvOptions& options) {
  std::vector<ClvRow> out;
  out.reserve(rows.size());
  for (const RfmtRow& r : rows) out.push_back(customer_clv(bg, gg, r, options));
  return out;
}

}  // namespace smartstore::models
