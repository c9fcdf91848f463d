#pragma once
// smartstore-models uplift: the uplift report from exposures and purchases.
#include <string>
#include <vector>

namespace smartstore::models::cli {

std::string uplift_usage();
int run_uplift(const std::vector<std::string>& args);

}  // namespace smartstore::models::cli
