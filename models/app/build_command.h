#pragma once
// `smartstore-models build`: the HQ batch from the command line.
#include <string>
#include <vector>

namespace smartstore::models::cli {

int run_build(const std::vector<std::string>& args);
std::string build_usage();
// `smartstore-models merge`: the snapshot parts of `build --part i/N` joined.
int run_merge(const std::vector<std::string>& args);
std::string merge_usage();

}  // namespace smartstore::models::cli
