// Report 000's dip campaign as the kiosks take it (docs/edge-storage.md,
// campaigns JSON): for each best-selling category, one demand_dip campaign per
// run of consecutive forecast dip days, aimed at customers whose rank-1
// preference is that category, so the forecast's dates are the campaign's.
#include <nlohmann/json.hpp>

#include "batch_predictions.h"

namespace smartstore::models::batch {

std::string dip_campaigns_json(const ReportData& report, const DipCampaignOptions& options) {
  nlohmann::json campaigns = nlohmann::json::array();
  int number = options.first_offer_number;
  for (std::size_t c = 0; c < report.forecasts.size(); ++c) {
    const auto& f = report.forecasts[c];
    std::int64_t audience = 0;
    for (const auto& a : report.dip_audiences)
      if (a.category == f.category) audience = a.customers;
    for (std::size_t i = 0; i < f.dip_index.size() && i < f.dip_days.size();) {
      std::size_t j = i;
      while (j + 1 < f.dip_index.size() && j + 1 < f.dip_days.size() &&
             f.dip_index[j + 1] == f.dip_index[j] + 1)
        ++j;
      const std::string id = "dip-" + report.as_of + "-" + std::to_string(c) + "-" + f.dip_days[i];
      campaigns.push_back({{"id", id},
                           {"offer_number", number++},
                           {"title", f.category + " dip-day offer"},
                           {"kind", "demand_dip"},
                           {"category", f.category},
                           {"starts", f.dip_days[i]},
                           {"ends", f.dip_days[j]},
                           {"budget", audience},  // at most one coupon per customer it aims at
                           {"top_preference_rank", 1},
                           {"discount_pct", options.discount_pct},
                           {"validity_hours", 24}});
      i = j + 1;
    }
  }
  return nlohmann::json{{"campaigns", campaigns}}.dump(2) + "\n";
}

}  // namespace smartstore::models::batch
