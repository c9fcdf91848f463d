#pragma once
// smartstore-models subcommands of the predictive models (rules, seasonal,
// evaluate, ...). The front door (smartstore-models.cpp) tries these after its own.
#include <optional>
#include <string>
#include <vector>

namespace smartstore::models::cli {

// nullopt when `command` is not one of these; otherwise the exit status.
std::optional<int> run_predictive_command(const std::string& command, const std::vector<std::string>& args);
// One line per command for the usage text.
std::vector<std::string> predictive_command_usage();

}  // namespace smartstore::models::cli
