#include "uplift_command.h"

#include <charconv>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "generate_command.h"
#include "smartstore/common/private_file.h"
#include "smartstore/models/generator.h"
#include "smartstore/models/profile_batch.h"
#include "smartstore/models/uplift_inputs.h"
#include "smartstore/models/uplift_output.h"

namespace smartstore::models::cli {
namespace {

bool parse_int(const std::string& text, int& out) {
  auto r = std::from_chars(text.data(), text.data() + text.size(), out);
  return r.ec == std::errc() && r.ptr == text.data() + text.size();
}

std::vector<std::string> comma_list(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');)
    if (!item.empty()) out.push_back(item);
  return out;
}

// The window, the pre-period and the data end; false after saying what is wrong.
bool parse_window(std::map<std::string, std::string>& f, UpliftWindow& w) {
  if ((f.count("--window-days") && !parse_int(f["--window-days"], w.days)) ||
      (f.count("--pre-days") && !parse_int(f["--pre-days"], w.pre_days))) {
    std::fprintf(stderr, "--window-days and --pre-days take whole numbers\n");
    return false;
  }
  if (f.count("--data-end")) {
    w.data_end = parse_date(f["--data-end"]);
    if (!w.data_end) {
      std::fprintf(stderr, "--data-end: '%s' is not a date YYYY-MM-DD\n", f["--data-end"].c_str());
      return false;
    }
  }
  return true;
}

}  // namespace

std::string uplift_usage() {
  return "uplift --exposures F --purchases F[,F...] [--members F] [--deployment-key FILE] [--window-days "
         "14]\n"
         "        [--pre-days 365] [--data-end YYYY-MM-DD] [--threads N] [--json] [--html FILE]";
}

int run_uplift(const std::vector<std::string>& args) {
  auto flags = parse_flags(args,
                           {"--exposures", "--purchases", "--members", "--deployment-key", "--window-days",
                            "--pre-days", "--data-end", "--threads", "--html"},
                           {"--json"});
  if (!flags) return 2;
  auto& f = *flags;
  for (const char* required : {"--exposures", "--purchases"})
    if (!f.count(required)) {
      std::fprintf(stderr, "missing %s\nusage: smartstore-models %s\n", required, uplift_usage().c_str());
      return 2;
    }
  UpliftFiles files;
  files.exposures = f["--exposures"];
  files.purchases = comma_list(f["--purchases"]);
  files.members = f.count("--members") ? f["--members"] : "";
  files.threads =
      f.count("--threads") ? static_cast<unsigned>(std::max(1, std::atoi(f["--threads"].c_str()))) : 2;
  if (f.count("--deployment-key")) {
    auto key = read_deployment_key(f["--deployment-key"]);
    if (!key) {
      std::fprintf(stderr, "uplift: %s\n", key.error().message().c_str());
      return 2;
    }
    files.deployment_key = std::move(*key);
  } else {
    std::fprintf(stderr, "uplift: no --deployment-key: using the public demo key (not for real members)\n");
    files.deployment_key = demo_deployment_key();
  }
  UpliftWindow window;
  if (!parse_window(f, window)) return 2;
  const auto report = uplift_report_from_files(files, window);
  if (!report) {
    std::fprintf(stderr, "uplift: %s\n", report.error().message().c_str());
    return 1;
  }
  if (f.count("--html")) {
    const auto written = write_private_file(f["--html"], uplift_html_page(*report));
    if (!written) {
      std::fprintf(stderr, "uplift: %s\n", written.error().message().c_str());
      return 1;
    }
  }
  const std::string out = f.count("--json") ? uplift_report_json(*report) : uplift_report_table(*report);
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}

}  // namespace smartstore::models::cli
