#pragma once
// `smartstore-models fit-clv --transactions FILE --customer-col C --date-col D
//  --amount-col A --calibration-end YYYY-MM-DD [--period day|week]
//  [--unit-multiplier N] [--skip-bad-rows]`: fits BG/NBD and Gamma-Gamma on any
// transaction CSV and prints parameters, log-likelihoods and sample sizes as JSON.
#include <string>
#include <vector>

namespace smartstore::models::cli {

// args: everything after "fit-clv". Returns the exit status (0 ok, 2 usage, 1 data error).
int run_fit_clv(const std::vector<std::string>& args);
// One line for the usage text.
std::string fit_clv_usage();

}  // namespace smartstore::models::cli
