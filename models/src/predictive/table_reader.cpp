#include "table_reader.h"

#include <charconv>
#include <fstream>

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

std::vector<std::string> split_csv_line(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  std::vector<std::string> fields;
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.push_back(std::move(field));
      field.clear();
    } else {
      field += c;
    }
  }
  fields.push_back(std::move(field));
  return fields;
}

std::optional<std::vector<std::vector<std::string>>> read_csv_lines(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) return std::nullopt;
  std::vector<std::vector<std::string>> lines;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line == "\r") continue;
    lines.push_back(split_csv_line(line));
  }
  return lines;
}

CsvReadResult read_csv(const std::filesystem::path& file) {
  CsvReadResult result;
  auto lines = read_csv_lines(file);
  if (!lines) {
    result.error = "cannot open " + file.string();
    return result;
  }
  if (lines->empty()) {
    result.error = file.string() + ": empty file, expected a header line";
    return result;
  }
  for (const auto& name : lines->front()) result.table.header.push_back(trim(name));
  for (std::size_t i = 1; i < lines->size(); ++i) {
    auto& row = (*lines)[i];
    if (row.size() != result.table.header.size()) {
      result.error = file.string() + ":" + std::to_string(i + 1) + ": " + std::to_string(row.size()) +
                     " fields, header has " + std::to_string(result.table.header.size());
      return result;
    }
    result.table.rows.push_back(std::move(row));
  }
  return result;
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
