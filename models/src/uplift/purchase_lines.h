#pragma once
// What the uplift report reads of its CSV files, streamed: a file is read in
// blocks, never mapped or held whole, so the memory is one block (and the
// longest record) whatever its size.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "smartstore/common/result.h"
#include "smartstore/models/lpoint_csv.h"

namespace smartstore::models {

// Calls `record` with each record's cells (valid during the call) and the
// line it starts on, in file order, header first; stops at the first failure
// `record` returns. Blocks are cut at a newline outside quotes. not_found when
// the file cannot be opened; invalid_input "file:line: unterminated quote".
using CsvRecord = std::function<Status(const std::vector<std::string_view>& cells, std::size_t line)>;
[[nodiscard]] Status stream_csv_records(const std::string& path, std::size_t block_bytes,
                                        const CsvRecord& record);

// An L.Point purchase file's cust, de_dt and buy_am.
struct PurchaseLine {
  std::string_view cust;  // valid during the call
  Day day = 0;
  std::int64_t amount_krw = 0;  // whole KRW; a decimal is rounded, as read_purchases does
};

// Calls `line` for each row, in file order. not_found when the file cannot
// be opened; invalid_input naming file, line and column (csv_error) at the
// first row without a cust, a date or an amount, or a header without them.
[[nodiscard]] Status stream_purchase_lines(const std::string& path, std::size_t block_bytes,
                                           const std::function<void(const PurchaseLine&)>& line);

}  // namespace smartstore::models
