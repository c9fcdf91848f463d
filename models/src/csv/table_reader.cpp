#include "table_reader.h"

namespace smartstore::models::csv {

namespace {
std::string truncated(std::string_view s) {
  constexpr std::size_t kMax = 60;
  return s.size() <= kMax ? std::string(s) : std::string(s.substr(0, kMax)) + "...";
}
std::string column_label(const std::string& lpoint, const std::string& header) {
  return header.empty() || header == lpoint ? lpoint : lpoint + " (" + header + ")";
}
}  // namespace

ReadReport read_table(const std::string& path, const ReadOptions& options,
                      const std::vector<ColumnSpec>& specs, const RowFunction& row) {
  ReadReport report;
  MappedFile file;
  if (std::string err = file.open(path); !err.empty()) {
    report.error = csv_error(path, 0, "", "a readable CSV file", err);
    return report;
  }
  CsvScanner scanner(file.text());
  std::vector<std::string_view> fields;
  if (!scanner.next(fields)) {
    report.error = csv_error(path, 1, "", "a header line", "an empty file");
    return report;
  }
  BoundColumns bound;
  for (const ColumnSpec& spec : specs) {
    std::string header = spec.name;
    bool mapped_absent = false;
    if (auto it = options.map.columns.find(spec.name); it != options.map.columns.end()) {
      header = it->second;
      mapped_absent = header.empty();
    }
    int index = -1;
    if (!mapped_absent) {
      for (std::size_t i = 0; i < fields.size(); ++i) {
        if (trim(fields[i]) == header) {
          index = static_cast<int>(i);
          break;
        }
      }
    }
    if (index < 0 && spec.required && !mapped_absent) {
      report.error = csv_error(path, 1, column_label(spec.name, header), "a header column named " + header,
                               "no such column");
      return report;
    }
    bound.index.push_back(index);
    bound.header_name.push_back(header);
  }
  while (scanner.next(fields)) {
    std::optional<FieldProblem> problem;
    if (scanner.malformed()) {
      problem = FieldProblem{0, "a closing quote", fields.back()};
    } else {
      for (std::size_t c = 0; c < specs.size(); ++c) {
        if (bound.index[c] >= 0 && static_cast<std::size_t>(bound.index[c]) >= fields.size()) {
          problem = FieldProblem{c, "at least " + std::to_string(bound.index[c] + 1) + " fields",
                                 std::string_view{}};
          break;
        }
      }
      if (!problem) problem = row(fields, bound, scanner.line());
    }
    if (!problem) {
      ++report.rows;
      continue;
    }
    Error error = csv_error(path, scanner.line(),
                            column_label(specs[problem->column].name, bound.header_name[problem->column]),
                            problem->expected, truncated(problem->found));
    if (!options.skip_bad_rows) {
      report.error = std::move(error);
      return report;
    }
    ++report.skipped;
    if (report.skipped_rows.size() < options.max_listed_errors)
      report.skipped_rows.push_back(std::move(error));
  }
  return report;
}

}  // namespace smartstore::models::csv
