#pragma once
// --name value flags for the predictive subcommands.
#include <map>
#include <optional>
#include <ostream>
#include <set>
#include <string>
#include <vector>

namespace smartstore::models::predictive_cli {

struct FlagArgs {
  std::map<std::string, std::string> values;
  std::set<std::string> switches;
  std::string get(const std::string& name, const std::string& fallback = "") const {
    auto it = values.find(name);
    return it == values.end() ? fallback : it->second;
  }
  bool has(const std::string& name) const { return values.count(name) != 0 || switches.count(name) != 0; }
};

// `valued` flags take the next argument; `boolean` ones stand alone. Unknown
// flags and missing values are reported on `err`.
inline std::optional<FlagArgs> parse_flags(const std::vector<std::string>& args, const std::set<std::string>& valued,
                                           const std::set<std::string>& boolean, std::ostream& err) {
  FlagArgs parsed;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (valued.count(a)) {
      if (i + 1 >= args.size()) {
        err << a << " needs a value\n";
        return std::nullopt;
      }
      parsed.values[a] = args[++i];
    } else if (boolean.count(a)) {
      parsed.switches.insert(a);
    } else {
      err << "unknown argument " << a << "\n";
      return std::nullopt;
    }
  }
  return parsed;
}

}  // namespace smartstore::models::predictive_cli
