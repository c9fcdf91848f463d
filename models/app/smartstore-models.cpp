// smartstore-models: the HQ analytics front door. Dispatches to the batch,
// the generator and the analysts' commands; the work lives in the library.
#include <cstdio>
#include <string>
#include <vector>

#include "build_command.h"
#include "fit_clv_command.h"
#include "generate_command.h"
#include "predictive_commands.h"
#include "uplift_command.h"

namespace {

void print_usage() {
  std::fprintf(stderr, "usage: smartstore-models <command> [options]\n\ncommands:\n");
  std::fprintf(stderr, "  %s\n", smartstore::models::cli::generate_usage().c_str());
  std::fprintf(stderr, "  %s\n", smartstore::models::cli::build_usage().c_str());
  std::fprintf(stderr, "  %s\n", smartstore::models::cli::merge_usage().c_str());
  std::fprintf(stderr, "  %s\n", smartstore::models::cli::fit_clv_usage().c_str());
  std::fprintf(stderr, "  %s\n", smartstore::models::cli::uplift_usage().c_str());
  for (const auto& line : smartstore::models::cli::predictive_command_usage())
    std::fprintf(stderr, "  %s\n", line.c_str());
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    print_usage();
    return 2;
  }
  const std::string command = argv[1];
  const std::vector<std::string> args(argv + 2, argv + argc);
  namespace cli = smartstore::models::cli;
  if (command == "--help" || command == "-h" || command == "help") {
    print_usage();
    return 0;
  }
  if (command == "generate") return cli::run_generate(args);
  if (command == "build") return cli::run_build(args);
  if (command == "merge") return cli::run_merge(args);
  if (command == "fit-clv") return cli::run_fit_clv(args);
  if (command == "uplift") return cli::run_uplift(args);
  if (auto status = cli::run_predictive_command(command, args)) return *status;
  std::fprintf(stderr, "unknown command '%s'\n\n", command.c_str());
  print_usage();
  return 2;
}
