#pragma once
// The shared read loop of the L.Point readers: header binding through the
// ColumnMap, per-row conversion with located errors, skip-or-stop policy.
#include <charconv>
#include <cmath>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "csv_scanner.h"
#include "smartstore/models/lpoint_csv.h"

namespace smartstore::models::csv {

struct ColumnSpec {
  std::string name;        // L.Point name
  bool required = true;    // false: absent from the header is fine (default used)
};

// Field index per spec, -1 when absent.
struct BoundColumns {
  std::vector<int> index;
  std::vector<std::string> header_name;  // what the file calls it (for messages)
};

// What a row converter reports: the spec position that failed and what it expected.
struct FieldProblem {
  std::size_t column = 0;
  std::string expected;
  std::string_view found;
};

using RowFunction = std::function<std::optional<FieldProblem>(const std::vector<std::string_view>& fields,
                                                              const BoundColumns& columns, std::size_t line)>;

// Reads `path`, binds `specs` to its header and calls `row` per record.
ReadReport read_table(const std::string& path, const ReadOptions& options, const std::vector<ColumnSpec>& specs,
                      const RowFunction& row);

inline std::string_view field(const std::vector<std::string_view>& fields, const BoundColumns& columns,
                              std::size_t column) {
  const int i = columns.index[column];
  return i < 0 || static_cast<std::size_t>(i) >= fields.size() ? std::string_view{} : fields[static_cast<std::size_t>(i)];
}

inline std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

template <class Int>
bool parse_int(std::string_view s, Int& out) {
  s = trim(s);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  if (s.empty()) return false;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && ptr == s.data() + s.size();
}

inline bool parse_double(std::string_view s, double& out) {
  s = trim(s);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  if (s.empty()) return false;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && ptr == s.data() + s.size() && std::isfinite(out);
}

}  // namespace smartstore::models::csv
