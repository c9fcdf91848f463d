#pragma once
// The uplift report from files: the exposures HQ holds (coupon issues and
// hold-outs the kiosks journalled, as exposures.csv) and the L.Point purchase
// files. Exposures name members by member key, purchases by cust; members.csv
// and the deployment key join them as the batch keys its snapshots.
//
// exposures.csv columns, by header name:
//   member_key, campaign_id, offer_id, event (coupon_issued | held_out),
//   de_dt (YYYYMMDD or YYYY-MM-DD, the store day), segment (may be empty),
//   discount_krw (paid on redemption, 0 if none), redeemed (0 | 1)
#include <filesystem>
#include <string>
#include <unordered_set>
#include <vector>

#include "smartstore/models/uplift_report.h"

namespace smartstore::models {

struct UpliftFiles {
  std::string exposures;
  std::vector<std::string> purchases;  // the same schema; read in turn
  std::string members;                 // card_no,cust; empty: custs are keyed as they are
  std::vector<unsigned char> deployment_key;
  unsigned threads = 1;  // for keying the purchase files' customers
  // Members erased chain-wide (store_events.h): their exposures are left out.
  const std::unordered_set<std::string>* erased = nullptr;
};

// Reads exposures.csv into an UpliftInput; the member index is the order of
// first appearance of each member key. invalid_input naming file, line and
// column on a malformed row; not_found when the file cannot be opened.
struct ExposureFile {
  UpliftInput input;
  std::vector<std::string> member_keys;  // by member index
};
// Rows of members in `erased` (when given) are skipped.
[[nodiscard]] Result<ExposureFile> read_exposures(const std::string& path,
                                                  const std::unordered_set<std::string>* erased = nullptr);

[[nodiscard]] Result<UpliftReport> uplift_report_from_files(const UpliftFiles& files,
                                                            const UpliftWindow& window);

struct BatchOptions;
struct ReportData;
// The HQ batch's uplift step: with options.inputs.exposures set, fills
// report.uplift_section and writes uplift.json into options.out_dir.
[[nodiscard]] Status add_uplift_to_batch(const BatchOptions& options, ReportData& report,
                                         const std::unordered_set<std::string>* erased = nullptr);

// The same section for a batch run in parts (sharded_batch.h), made once over
// the whole inputs by the process that merges: the purchase files are
// streamed, so its memory grows with the exposures and the members (the
// exposed members' tallies, members.csv's custs), not with the purchases.
// Writes uplift.json into options.out_dir and the section where the merge's
// report takes it; without exposures, removes a section an earlier run left.
[[nodiscard]] Status stage_uplift_for_merge(const BatchOptions& options);
std::filesystem::path staged_uplift_section(const std::filesystem::path& out_dir);
// The staged section (empty when none), removed once read.
[[nodiscard]] Result<std::string> take_staged_uplift_section(const std::filesystem::path& out_dir);

}  // namespace smartstore::models
