#pragma once
// The predictive subcommands of smartstore-models, as library functions so
// tests can run them without the executable. Each returns the exit status:
// 0 done, 2 bad arguments or input (the message goes to `err`).
#include <iosfwd>
#include <string>
#include <vector>

namespace smartstore::models::predictive_cli {

// rules --baskets FILE [--format basket|long] --min-support S --min-confidence C [--out FILE]
int run_rules(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
// seasonal --series FILE --date-col D --value-col V [--aggregate sum|count|distinct:COL] [--from DATE --to DATE]
int run_seasonal(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
// evaluate [--data-dir DIR] [--json]
int run_evaluate(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

std::vector<std::string> usage_lines();

}  // namespace smartstore::models::predictive_cli
