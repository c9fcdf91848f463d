#pragma once
// HQ's event store as the uplift report's input: the coupon issues and
// hold-outs the kiosks journalled, with each issue's redemption joined by
// coupon id, written as exposures.csv (docs/uplift.md gives the columns).
// Every exposure is exported, repeat scans included: counting each member
// once per campaign, from the first exposure, is the report's job alone.
#include <cstdint>
#include <filesystem>
#include <string>

#include "smartstore/common/result.h"

namespace smartstore::sync {

struct ExposureExportStats {
  std::uint64_t issued = 0;    // coupon_issued rows written
  std::uint64_t held_out = 0;  // held_out rows written
  std::uint64_t redeemed = 0;  // issued rows whose coupon was redeemed
  // Coupons issued outside any campaign: no hold-out, nothing to compare.
  std::uint64_t without_campaign = 0;
  // Redemptions of coupons HQ holds no issue of (the issue not synced yet).
  std::uint64_t redemptions_unmatched = 0;
};

// db: a SQLite file (opened read-only) or a postgresql:// URL, as for
// `smartstore-hq report`. out: exposures.csv, created 0600 (member keys).
// Errors: unavailable (not a readable HQ database, named without its
// password), invalid_input (an event whose payload lacks a field the file
// needs, naming store, event id and field), storage_io (out not writable).
[[nodiscard]] Result<ExposureExportStats> export_exposures(const std::string& db,
                                                           const std::filesystem::path& out);

}  // namespace smartstore::sync
