#pragma once
// One CSV cell of HQ's exports: quoted only when the text needs it (ids are
// usually plain, staff-typed titles may not be).
#include <string>
#include <string_view>

namespace smartstore::sync::detail {

inline std::string csv_cell(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string quoted = "\"";
  for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

}  // namespace smartstore::sync::detail
