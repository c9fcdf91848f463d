#include "predictive_commands.h"

#include <iostream>

#include "smartstore/models/predictive_cli.h"

namespace smartstore::models::cli {

std::optional<int> run_predictive_command(const std::string& command, const std::vector<std::string>& args) {
  if (command == "rules") return predictive_cli::run_rules(args, std::cout, std::cerr);
  if (command == "seasonal") return predictive_cli::run_seasonal(args, std::cout, std::cerr);
  if (command == "evaluate") return predictive_cli::run_evaluate(args, std::cout, std::cerr);
  return std::nullopt;
}

std::vector<std::string> predictive_command_usage() { return predictive_cli::usage_lines(); }

}  // namespace smartstore::models::cli
