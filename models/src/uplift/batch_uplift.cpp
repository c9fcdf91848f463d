// The uplift section of the HQ batch's report, from the batch's own inputs.
#include "smartstore/common/private_file.h"
#include "smartstore/models/html_report.h"
#include "smartstore/models/profile_batch.h"
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

}  // namespace smartstore::models
