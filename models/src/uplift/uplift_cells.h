#pragma once
// The report's rows from its counted first exposures, already in cell order.
#include <cstdint>
#include <span>

#include "smartstore/models/uplift_report.h"
#include "uplift_sums.h"

namespace smartstore::models {

// One (campaign, offer, segment): its members are points[begin, end), in
// member order, and what their treated members redeemed.
struct UpliftLeaf {
  std::uint32_t campaign = 0, offer = 0, segment = 0;
  std::size_t begin = 0, end = 0;
  std::int64_t redeemed = 0, discount_krw = 0;
};

// leaves in (campaign, offer, segment) order, so a campaign's or an offer's
// members are one contiguous run of points. Appends, per campaign: its row,
// then each offer's row and its segments' rows; a row with a single child
// repeats its parent (a campaign's one offer, an offer's one segment) and
// only the parent is kept.
void add_uplift_cells(const UpliftInput& in, std::span<const UpliftLeaf> leaves,
                      std::span<const UpliftPoint> points, UpliftReport& report);

}  // namespace smartstore::models
