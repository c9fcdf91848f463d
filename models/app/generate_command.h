#pragma once
// `smartstore-models generate`: demo data in the L.Point schema.
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace smartstore::models::cli {

int run_generate(const std::vector<std::string>& args);
std::string generate_usage();

// "--name value" pairs and bare "--flag"s (listed in `switches`) of a
// subcommand; nullopt after printing what is wrong to stderr.
std::optional<std::map<std::string, std::string>> parse_flags(const std::vector<std::string>& args,
                                                              const std::vector<std::string>& known,
                                                              const std::vector<std::string>& switches);

}  // namespace smartstore::models::cli
