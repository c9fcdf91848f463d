// tests/fuzz/fuzz.cmake reads each list below from a single line.
// clang-format off
// fuzz-sources: models/src/csv/csv_scanner.cpp models/src/csv/lpoint_readers.cpp models/src/csv/table_reader.cpp models/src/csv/transaction_reader.cpp
// fuzz-links: smartstore_common
// clang-format on
// L.Point CSV rows as HQ receives them from affiliates: any bytes through the record scanner and through each
// reader (on an in-memory file). Readers either return rows or name the file, line and column of the problem;
// with skip_bad_rows they count every record as read or skipped. Input: first byte picks the reader and
// options, the rest is the file.
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "../../models/src/csv/csv_scanner.h"
#include "smartstore/models/lpoint_csv.h"

namespace {
namespace m = smartstore::models;

template <class Read>
void check_report(const Read& r, bool skipping, std::size_t records) {
  const auto& rep = r.report;
  if (rep.error && rep.error->message().find("expected ") == std::string::npos)
    std::abort();  // says what was expected
  if (!skipping && rep.skipped != 0) std::abort();
  if (rep.skipped_rows.size() > rep.skipped) std::abort();
  // Every data record is either a row or skipped (never both, never lost) when reading ran to the end.
  if (skipping && !rep.error && records > 0 && rep.rows + rep.skipped != records - 1) std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::uint8_t selector = data[0];
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);

  // The scanner alone: lines only move forward and every record has a field.
  std::size_t records = 0;
  {
    m::csv::CsvScanner scan(text);
    std::vector<std::string_view> fields;
    std::size_t last_line = 0;
    while (scan.next(fields)) {
      if (fields.empty() || scan.line() < last_line || scan.line() == 0) std::abort();
      last_line = scan.line();
      ++records;
    }
  }

  int fd = ::memfd_create("lpoint.csv", 0);
  if (fd < 0) return 0;
  if (!text.empty() && ::write(fd, text.data(), text.size()) != static_cast<ssize_t>(text.size())) {
    ::close(fd);
    return 0;
  }
  const std::string path = "/proc/self/fd/" + std::to_string(fd);
  m::ReadOptions options;
  options.skip_bad_rows = selector & 0x10;
  options.max_listed_errors = 3;
  if (selector & 0x20) options = m::mi_sales_purchase_options(), options.skip_bad_rows = selector & 0x10;
  const bool skipping = options.skip_bad_rows;
  switch (selector % 5) {
    case 0: {
      auto r = m::read_customers(path, options);
      check_report(r, skipping, records);
      if (r.data.size() != r.report.rows) std::abort();
      break;
    }
    case 1: {
      auto r = m::read_purchases(path, options);
      check_report(r, skipping, records);
      for (const auto& p : r.data.rows)
        if (p.customer >= r.data.customers.size() || p.product >= r.data.products.size() ||
            p.receipt >= r.data.receipts.size() || p.hour < -1 || p.hour > 23)
          std::abort();
      break;
    }
    case 2: {
      auto r = m::read_products(path, options);
      if (r.report.error && r.report.error->message().find("expected ") == std::string::npos) std::abort();
      break;
    }
    case 3: {
      auto r = m::read_sessions(path, options);
      check_report(r, skipping, records);
      break;
    }
    default: {
      auto r = m::read_transactions(path, {"cust", "de_dt", "buy_am"}, skipping);
      for (const auto& t : r.data.rows)
        if (t.customer >= r.data.customers.size()) std::abort();
      break;
    }
  }
  ::close(fd);
  return 0;
}
