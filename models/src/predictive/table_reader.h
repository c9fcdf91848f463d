#pragma once
// Small CSV reading for the predictive models' data sets. Private to the
// predictive track so it does not depend on models-core's readers.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace smartstore::models::predictive {

struct CsvTable {
  std::vector<std::string> header;  // trimmed: some shared files pad names ("Product_Category ")
  std::vector<std::vector<std::string>> rows;
  // Index of a column by (trimmed) name, or nullopt.
  std::optional<std::size_t> column(std::string_view name) const;
};

struct CsvReadResult {
  CsvTable table;
  std::string error;  // empty when read; names the file and what is wrong
  bool ok() const { return error.empty(); }
};

// RFC 4180 fields: quotes, doubled quotes, commas inside quotes. Keeps
// surrounding spaces (item labels may end in one) but drops a trailing \r.
std::vector<std::string> split_csv_line(std::string_view line);
CsvReadResult read_csv(const std::filesystem::path& file);
// Every non-empty line split into fields, no header.
std::optional<std::vector<std::vector<std::string>>> read_csv_lines(const std::filesystem::path& file);

std::optional<double> parse_number(std::string_view text);

}  // namespace smartstore::models::predictive
