#pragma once
// Just enough of docs/openapi.yaml for the contract tests, read by its layout
// (two-space indents, as the file is written) rather than by a YAML parser:
// the (method, path) pairs under `paths:` and the codes of `ErrorCode`. The
// ctest web/openapi_spec validates the whole file as OpenAPI 3.
#include <algorithm>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <utility>

#include "support/test_paths.h"

namespace smartstore::testing {

inline std::string openapi_text() {
  return read_file(source_dir() / "docs" / "openapi.yaml");
}

// {"GET", "/api/v1/coupons/{code}"}, ...
inline std::set<std::pair<std::string, std::string>> openapi_operations() {
  std::set<std::pair<std::string, std::string>> out;
  std::istringstream in(openapi_text());
  const std::regex path_line(R"(^  (/\S*):\s*$)");
  const std::regex method_line(R"(^    (get|head|post|put|patch|delete|options):)");
  bool in_paths = false;
  std::string path;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line[0] != ' ' && line[0] != '#') in_paths = line == "paths:";
    std::smatch m;
    if (!in_paths) continue;
    if (std::regex_match(line, m, path_line)) path = m[1];
    if (std::regex_search(line, m, method_line)) {
      std::string method = m[1];
      std::transform(method.begin(), method.end(), method.begin(),
                     [](char c) { return static_cast<char>(c - 32); });
      out.emplace(method, path);
    }
  }
  return out;
}

// The enum of components/schemas/ErrorCode.
inline std::set<std::string> openapi_error_codes() {
  const auto text = openapi_text();
  auto at = text.find("\n    ErrorCode:");
  if (at == std::string::npos) return {};
  auto open = text.find("enum: [", at);
  auto close = text.find(']', open);
  std::set<std::string> out;
  std::istringstream list(text.substr(open + 7, close - open - 7));
  for (std::string item; std::getline(list, item, ',');) {
    item.erase(std::remove_if(item.begin(), item.end(), [](char c) { return c == ' ' || c == '\n'; }),
               item.end());
    if (!item.empty()) out.insert(item);
  }
  return out;
}

}  // namespace smartstore::testing
