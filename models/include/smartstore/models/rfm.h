#pragma once
// RFM + T exactly as the `lifetimes` library's
// summary_data_from_transaction_data defines them (report 001): transactions
// are summed per customer and period; frequency = periods with a purchase
// after the first, recency = last − first period, T = calibration end − first
// period, monetary = mean of the repeat periods' totals (0 without repeats).
// Periods: day, or week (pandas W-SUN periods, i.e. Monday-start weeks).
#include <cstdint>
#include <span>
#include <vector>

namespace smartstore::models {

enum class Period { day, week };

struct Transaction {
  std::uint32_t customer = 0;  // any dense id
  std::int32_t day = 0;        // days since epoch (lpoint_csv.h Day)
  double amount = 0;
};

struct RfmtRow {
  std::uint32_t customer = 0;
  double frequency = 0;
  double recency = 0;  // in `unit` periods
  double T = 0;
  double monetary = 0;
};

struct RfmtOptions {
  Period period = Period::day;
  std::int32_t calibration_end = 0;  // inclusive; later transactions are ignored
  // Divides recency and T (lifetimes' freq_multiplier): period day with 7
  // gives the CDNOW summary's weeks-with-decimals (38.86).
  double unit_multiplier = 1.0;
};

// One row per customer with a transaction on or before calibration_end,
// ordered by customer id.
[[nodiscard]] std::vector<RfmtRow> rfmt_summary(std::span<const Transaction> transactions, const RfmtOptions& options);

// Report 001's outlier rule: drop customers in the top `share` (0.5 %) by
// frequency or by monetary value (strictly above the (1 − share) quantile).
[[nodiscard]] std::vector<RfmtRow> remove_rfmt_outliers(std::vector<RfmtRow> rows, double share = 0.005);

}  // namespace smartstore::models
