#include <chrono>
#include <fstream>
#include <iostream>

#include "../table_reader.h"
#include "flag_args.h"
#include "smartstore/models/association_rules.h"
#include "smartstore/models/predictive_cli.h"

namespace smartstore::models::predictive_cli {

int run_rules(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  auto flags = parse_flags(
      args, {"--baskets", "--format", "--min-support", "--min-confidence", "--out", "--max-len"}, {}, err);
  if (!flags) return 2;
  if (!flags->has("--baskets")) {
    err << "rules: --baskets FILE is required\n";
    return 2;
  }
  const std::string format = flags->get("--format", "basket");
  if (format != "basket" && format != "long") {
    err << "rules: --format must be basket or long, not " << format << "\n";
    return 2;
  }
  AprioriOptions options;
  const auto support = predictive::parse_number(flags->get("--min-support", "0.1"));
  const auto confidence = predictive::parse_number(flags->get("--min-confidence", "0.8"));
  const auto max_len = predictive::parse_number(flags->get("--max-len", "10"));
  if (!support || *support <= 0 || *support > 1 || !confidence || *confidence < 0 || *confidence > 1 ||
      !max_len || *max_len < 1) {
    err << "rules: --min-support must be in (0,1], --min-confidence in [0,1], --max-len >= 1\n";
    return 2;
  }
  options.min_support = *support;
  options.min_confidence = *confidence;
  options.max_len = static_cast<std::size_t>(*max_len);
  const auto t0 = std::chrono::steady_clock::now();
  auto read =
      read_baskets(flags->get("--baskets"), format == "long" ? BasketFormat::long_ : BasketFormat::basket);
  if (!read) {
    err << "rules: " << read.error().message() << "\n";
    return 2;
  }
  const BasketSet& baskets = *read;
  const RuleSet rules = mine_rules(baskets, options);
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  if (flags->has("--out")) {
    std::ofstream file(flags->get("--out"));
    if (!file) {
      err << "rules: cannot write " << flags->get("--out") << "\n";
      return 2;
    }
    write_rules_csv(file, baskets, rules.rules);
    out << rules.rules.size() << " rules from " << rules.baskets << " baskets, " << baskets.labels.size()
        << " items, " << rules.frequent_itemsets << " frequent itemsets in " << ms << " ms -> "
        << flags->get("--out") << "\n";
  } else {
    write_rules_csv(out, baskets, rules.rules);
  }
  return 0;
}

}  // namespace smartstore::models::predictive_cli
