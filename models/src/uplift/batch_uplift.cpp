// The uplift section of the HQ batch's report, from the batch's own inputs.
#include <fstream>
#include <iterator>

#include "smartstore/common/private_file.h"
#include "smartstore/models/html_report.h"
#include "smartstore/models/profile_batch.h"
#include "smartstore/models/store_events.h"
#include "smartstore/models/uplift_inputs.h"
#include "smartstore/models/uplift_output.h"

namespace smartstore::models {

Status add_uplift_to_batch(const BatchOptions& options, ReportData& report,
                           const std::unordered_set<std::string>* erased) {
  if (options.inputs.exposures.empty()) return ok();
  UpliftFiles files;
  files.exposures = options.inputs.exposures;
  files.purchases.push_back(options.inputs.purchases);
  files.purchases.insert(files.purchases.end(), options.inputs.campaign_purchases.begin(),
                         options.inputs.campaign_purchases.end());
  files.members = options.inputs.members;
  files.deployment_key = options.deployment_key;
  files.threads = options.threads;
  files.erased = erased;
  const auto uplift = uplift_report_from_files(files, UpliftWindow{});
  if (!uplift) return uplift.error();
  report.uplift_section = uplift_html_section(*uplift);
  return write_private_file(options.out_dir / "uplift.json", uplift_report_json(*uplift));
}

std::filesystem::path staged_uplift_section(const std::filesystem::path& out_dir) {
  return out_dir / "uplift-section.html";
}

Status stage_uplift_for_merge(const BatchOptions& options) {
  std::error_code ec;
  std::filesystem::remove(staged_uplift_section(options.out_dir), ec);
  if (options.inputs.exposures.empty()) return ok();
  std::unordered_set<std::string> erased;
  if (!options.inputs.erased.empty()) {
    auto read = read_member_list(options.inputs.erased);
    if (!read) return read.error();
    erased = std::move(*read);
  }
  std::filesystem::create_directories(options.out_dir, ec);
  ReportData report;
  if (auto added = add_uplift_to_batch(options, report, &erased); !added) return added;
  return write_private_file(staged_uplift_section(options.out_dir), report.uplift_section);
}

Result<std::string> take_staged_uplift_section(const std::filesystem::path& out_dir) {
  const auto path = staged_uplift_section(out_dir);
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::string();
  std::string section((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return fail(ErrorKind::storage_io, path.string() + ": cannot read", "models");
  in.close();
  std::error_code ec;
  std::filesystem::remove(path, ec);
  return section;
}

}  // namespace smartstore::models
