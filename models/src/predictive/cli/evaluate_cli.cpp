#include <ostream>

#include "flag_args.h"
#include "smartstore/models/evaluation.h"
#include "smartstore/models/predictive_cli.h"

namespace smartstore::models::predictive_cli {

int run_evaluate(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  auto flags = parse_flags(args, {"--data-dir"}, {"--json"}, err);
  if (!flags) return 2;
  EvaluationOptions options;
  options.data_dir = flags->get("--data-dir", "tests/data/analytics");
  const auto report = evaluate_models(options);
  if (flags->has("--json"))
    print_evaluation_json(out, report);
  else
    print_evaluation_table(out, report);
  if (!report.complete()) {
    err << "evaluate: " << report.error_text() << "\n";
    return 2;
  }
  return 0;
}

}  // namespace smartstore::models::predictive_cli
