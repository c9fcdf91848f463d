#include "table_reader.h"

#include <charconv>

#include "../csv/csv_scanner.h"

namespace smartstore::models::predictive {

namespace {
std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return std::string(s);
}
}  // namespace

std::optional<std::size_t> CsvTable::column(std::string_view name) const {
  for (std::size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return i;
  return std::nullopt;
}

namespace {

struct Records {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::size_t> lines;
};

Failure located(const std::filesystem::path& file, std::size_t line, const std::string& what) {
  return fail(ErrorKind::invalid_input, file.string() + ":" + std::to_string(line) + ": " + what, "models");
}

Result<Records> read_records(const std::filesystem::path& file) {
  csv::MappedFile mapped;
  if (std::string err = mapped.open(file.string()); !err.empty())
    return fail(ErrorKind::not_found, file.string() + ":0: " + err, "models");
  csv::CsvScanner scanner(mapped.text());
  Records out;
  std::vector<std::string_view> fields;
  while (scanner.next(fields)) {
    if (scanner.malformed()) return located(file, scanner.line(), "a quoted field has no closing quote");
    out.rows.emplace_back(fields.begin(), fields.end());
    out.lines.push_back(scanner.line());
  }
  return out;
}

}  // namespace

Result<std::vector<std::vector<std::string>>> read_csv_lines(const std::filesystem::path& file) {
  auto records = read_records(file);
  if (!records) return std::move(records).error();
  return std::move(records->rows);
}

Result<CsvTable> read_csv(const std::filesystem::path& file) {
  auto records = read_records(file);
  if (!records) return std::move(records).error();
  if (records->rows.empty()) return located(file, 1, "empty file, expected a header line");
  CsvTable table;
  for (const auto& name : records->rows.front()) table.header.push_back(trim(name));
  for (std::size_t i = 1; i < records->rows.size(); ++i) {
    auto& row = records->rows[i];
    if (row.size() != table.header.size())
      return located(file, records->lines[i],
                     std::to_string(row.size()) + " fields, header has " + std::to_string(table.header.size()));
    table.rows.push_back(std::move(row));
    table.lines.push_back(records->lines[i]);
  }
  return table;
}

std::optional<double> parse_number(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\r')) text.remove_suffix(1);
  if (text.empty()) return std::nullopt;
  double v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size()) return std::nullopt;
  return v;
}

}  // namespace smartstore::models::predictive
