#pragma once
// The batch's run in its three shapes: everyone in memory (run_profile_batch),
// everyone scored with fits made on the fit sample, and one part of a sharded
// batch, which writes its run of each store's records for merge_batch_parts. All three
// read, key and score customers through the same code (profile_batch.cpp);
// the fit pass is batch_fit.cpp, the snapshots snapshot_writer.cpp, the parts'
// runs and their merge snapshot_parts.cpp.
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "batch_state.h"
#include "smartstore/models/html_report.h"
#include "smartstore/models/profile_predictions.h"
#include "smartstore/models/snapshot_format.h"
#include "smartstore/models/weather.h"

namespace smartstore::models::batch {

// What every customer of a sharded or sampled batch is scored with: the fit
// sample's global part (batch_state.h: global_part) and predictive models,
// the age and zone numbering, the whole input's as-of day, and the stores'
// zones when they are inferred from buyers (store -> zone name).
struct GlobalFit {
  Facts facts;
  Scores scores;
  ProfilePredictions predictions;
  bool zones_inferred = false;
  std::map<std::string, std::string> store_zone;
  std::uint64_t sample_customers = 0;
};

// The fit pass: the batch's fits on the customers of `sample` (its inputs
// are the fit sample's files, erased members left out), with the as-of day
// of the whole input.
[[nodiscard]] Result<GlobalFit> fit_global(const BatchOptions& sample, Day as_of,
                                           const DemandConditions& conditions);

// Where a part writes: its run of each store's records in snapshot order
// (snapshot_writer.h), as pieces <out>/parts/<store>/<index>-<n>.part and,
// when the records before it are known (`before`: one process runs the parts
// in order), as chunks written in place in <out>/snapshots/<store>/; the run
// listed in <out>/parts/<store>/<index>-runs.txt; and <out>/parts/part-<index>.json.
struct PartTarget {
  std::uint32_t index = 0, count = 1;
  // Per store, the records of the parts before this one; null when unknown
  // (a job of an array), and then the part writes pieces only.
  const std::map<std::string, std::uint64_t>* before = nullptr;
};

// One stretch of a part's run for a store: a chunk written in place, or
// piece `info.index` (a file of `info.records` profile lines).
struct PartRun {
  bool chunk = false;
  SnapshotChunkInfo info;
};

// The file's name for an L.Point column (ReadOptions' map, else the name itself).
std::string key_column(const ReadOptions& options, const std::string& name);

// The member list and the CSV tables (profile_batch.cpp).
Status read_inputs(const BatchOptions& o, Tables& tables,
                   std::unordered_map<std::string, std::string>& card_of);
// Member keys in customer_order(tables).
std::vector<std::string> member_keys(const std::vector<std::string_view>& custs,
                                     const std::unordered_map<std::string, std::string>& card_of,
                                     const BatchOptions& o);

// The version a store's snapshot in `dir` gets: `wanted`, or one above the
// version already there (rebuilding a day must still move the kiosk forward).
std::int64_t next_version(const std::filesystem::path& dir, std::int64_t wanted);

// The run: with `global`, scored with its fits; with `part`, writes that
// part's snapshot parts and no report.
[[nodiscard]] Result<BatchResult> run_batch(const BatchOptions& o, const GlobalFit* global,
                                            const PartTarget* part);

// Removes what an earlier run of this part left in <out>/parts, so the merge
// reads only this run's records.
void clear_part(const std::filesystem::path& out_dir, std::uint32_t part);
// A piece of a part's run for `store`: `profiles` are its lines.
Status write_part_piece(const std::filesystem::path& out_dir, const PartTarget& part,
                        const std::string& store, std::uint32_t piece, std::string_view profiles);
// The part's run for `store`, in snapshot order (an empty run still names the store).
Status write_part_runs(const std::filesystem::path& out_dir, const PartTarget& part, const std::string& store,
                       const std::vector<PartRun>& runs);
// What the merge needs besides the records: the version asked for, the
// preference model (in a manifest's form) and the counts.
Status write_part_meta(const std::filesystem::path& out_dir, const PartTarget& part, std::int64_t version,
                       const PreferenceModel& model, const BatchResult& counts);
// The part's dip campaigns (dip_campaigns_json), each budget the part's own
// audience: the outlook is the fit pass's, the same in every part, so the
// merge writes them with the budgets added up.
Status write_part_campaigns(const std::filesystem::path& out_dir, const PartTarget& part, const Facts& facts,
                            const Scores& scores, const ProfilePredictions& predictions,
                            const std::vector<std::string>& member_keys);

// A part's own file beside its chunks: parts/part-<i><suffix> (".json",
// ".counts", ".dips.json", ".report.json").
inline std::filesystem::path part_file(const std::filesystem::path& out_dir, std::uint32_t part,
                                       const char* suffix) {
  return out_dir / "parts" / ("part-" + std::to_string(part) + suffix);
}

// What a part's report is made of.
struct PartReportInputs {
  const Tables& tables;
  const Facts& facts;
  const Scores& scores;
  const ProfilePredictions& predictions;
  const std::vector<std::string>& keys;
  const DemandConditions& conditions;
  const BatchOptions& options;
};
// The part's share of the report (report_parts.cpp) and its dip campaigns.
Status write_part_report(const std::filesystem::path& out_dir, const PartTarget& part,
                         const PartReportInputs& in);
// The parts' reports as one, read before the snapshots are merged (a part
// without its report stops the merge); then written as report.html and
// summary.json with the merged snapshots of `result`, which gets their paths.
struct MergedReport {
  ReportData report;
  nlohmann::json fits;  // the summary's fit fields
};
Result<MergedReport> read_part_reports(const std::filesystem::path& out_dir, std::uint32_t count);
Status write_merged_report(const std::filesystem::path& out_dir, MergedReport merged, BatchResult& result);

}  // namespace smartstore::models::batch
