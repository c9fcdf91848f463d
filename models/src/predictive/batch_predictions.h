#pragma once
// The HQ batch's predictive stage: builds PredictionInputs from the
// batch's working set and puts the demand outlook and the dip-day audience
// into the report. Called from run_profile_batch (profile_batch.cpp).
#include <string>
#include <vector>

#include "../batch/batch_state.h"
#include "smartstore/models/html_report.h"
#include "smartstore/models/profile_predictions.h"

namespace smartstore::models::batch {

// The holiday calendar and, with --weather, the weather the demand outlook
// forecasts with; errors name the file, line and column.
[[nodiscard]] Result<DemandConditions> load_demand_conditions(const BatchInputs& inputs);

// With `global` (a larger set's predictions), these customers are predicted
// with its models (PredictionInputs::global).
[[nodiscard]] ProfilePredictions predict_for_batch(const Tables& tables, const Facts& facts,
                                                   const BatchOptions& options,
                                                   const DemandConditions& conditions,
                                                   const ProfilePredictions* global = nullptr);

// Keys listed per dipping category in the report data (summary.json); the
// counts cover everyone.
inline constexpr std::size_t kListedKeys = 1000;

// Forecast charts and the customers whose rank-1 preference is a dipping
// category (member keys, counts per store) — report 000's profiling step 1.
void add_outlook_to_report(ReportData& report, const ProfilePredictions& predictions, const Facts& facts,
                           const Scores& scores, const std::vector<std::string>& member_keys);
// What the forecast knew of each day after the as-of day: holiday, weather, discomfort index.
void add_forecast_days_to_report(ReportData& report, const DemandConditions& conditions, Day as_of);

struct DipCampaignOptions {
  int first_offer_number = 2000;  // kiosk campaign offers take 1000..65535
  unsigned discount_pct = 10;
};
// The dip days as kiosk campaigns (`smartstore-hq campaign --store ID FILE`):
// {"campaigns": [...]}, one demand_dip campaign per run of consecutive dip
// days of a category, its budget the customers whose rank-1 preference it is.
[[nodiscard]] std::string dip_campaigns_json(const ReportData& report,
                                             const DipCampaignOptions& options = {});

}  // namespace smartstore::models::batch
