#pragma once
// The batch's demand-dip audience as a campaign the kiosks run: report 000's
// dip days per category (smartstore-models build writes them to
// dip_campaigns.json, each with its dates and a budget of one coupon per
// customer it aims at) beside the campaigns HQ keeps running, as the body of
// one campaigns message (kiosks replace their campaigns with it).
#include <cstdint>
#include <filesystem>
#include <string>

#include "smartstore/common/result.h"

namespace smartstore::sync {

struct BatchCampaignOptions {
  std::filesystem::path batch_dir;  // smartstore-models build --out
  std::filesystem::path standing;   // a campaigns JSON kept beside the batch's; may be empty
  std::string today;                // YYYY-MM-DD: campaigns that ended before it are left out; "" keeps all
  std::uint32_t control_bp = 0;     // held out of each dip campaign (docs/uplift.md); 0..10000
  std::int64_t budget = -1;         // coupons per dip campaign; -1: the batch's (its audience)
};

// {"campaigns":[...]}, sorted by id. invalid_input names the file and the
// campaign (a field missing, an offer number used twice, dates not YYYY-MM-DD).
[[nodiscard]] Result<std::string> campaigns_from_batch(const BatchCampaignOptions& options);

}  // namespace smartstore::sync
