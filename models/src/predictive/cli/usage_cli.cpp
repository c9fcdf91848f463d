#include "smartstore/models/predictive_cli.h"

namespace smartstore::models::predictive_cli {

std::vector<std::string> usage_lines() {
  return {
      "rules --baskets FILE [--format basket|long] --min-support S --min-confidence C [--max-len N] [--out FILE]",
      "seasonal --series FILE --date-col D --value-col V [--aggregate sum|count|distinct:COL] [--from DATE --to DATE]",
      "evaluate [--data-dir DIR] [--json]   every predictive metric next to its baseline",
  };
}

}  // namespace smartstore::models::predictive_cli
