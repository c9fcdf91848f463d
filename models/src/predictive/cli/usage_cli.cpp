#include "smartstore/models/predictive_cli.h"

namespace smartstore::models::predictive_cli {

std::vector<std::string> usage_lines() {
  return {
      "rules --baskets FILE [--format basket|long] --min-support S --min-confidence C [--max-len N] [--out FILE]",
  };
}

}  // namespace smartstore::models::predictive_cli
