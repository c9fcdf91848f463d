#pragma once
// The predictive data sets (bike days, online sales, baskets) as whole tables
// of strings. Read by the models' one CSV scanner (csv/csv_scanner.h: RFC 4180
// quoting, CRLF or LF, BOM skipped), the same the L.Point readers use; only
// the models read CSV, so the reader stays in this part rather than common.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "smartstore/common/result.h"

namespace smartstore::models::predictive {

struct CsvTable {
  std::vector<std::string> header;  // trimmed: some shared files pad names ("Product_Category ")
  std::vector<std::vector<std::string>> rows;
  std::vector<std::size_t> lines;  // the file line each row starts on, for messages
  // Index of a column by (trimmed) name, or nullopt.
  std::optional<std::size_t> column(std::string_view name) const;
};

// A header and rows of as many fields. Errors name file:line (line 0: the
// file cannot be read): an empty file, a quote left open, a row whose field
// count differs from the header's.
Result<CsvTable> read_csv(const std::filesystem::path& file);
// Every record as fields, no header; blank lines skipped.
Result<std::vector<std::vector<std::string>>> read_csv_lines(const std::filesystem::path& file);

std::optional<double> parse_number(std::string_view text);

}  // namespace smartstore::models::predictive
