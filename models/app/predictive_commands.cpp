#include "predictive_commands.h"

namespace smartstore::models::cli {

std::optional<int> run_predictive_command(const std::string& /*command*/, const std::vector<std::string>& /*args*/) {
  return std::nullopt;
}

std::vector<std::string> predictive_command_usage() { return {}; }

}  // namespace smartstore::models::cli
