#include "purchase_lines.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <fstream>
#include <vector>

#include "../csv/csv_scanner.h"
#include "../csv/table_reader.h"

namespace smartstore::models {
namespace {

constexpr std::array<const char*, 3> kColumns = {"cust", "de_dt", "buy_am"};

// The length of the block's complete records: up to its last newline that
// is outside quotes (RFC 4180: a doubled quote keeps the count even).
std::size_t complete_records(std::string_view text) {
  if (text.find('"') == std::string_view::npos) {
    const auto newline = text.rfind('\n');
    return newline == std::string_view::npos ? 0 : newline + 1;
  }
  bool quoted = false;
  std::size_t cut = 0;
  for (std::size_t i = 0; i < text.size(); ++i)
    if (text[i] == '"')
      quoted = !quoted;
    else if (text[i] == '\n' && !quoted)
      cut = i + 1;
  return cut;
}

// One row's line, or the error naming its column.
Status parse_line(const std::string& path, std::size_t n, const std::vector<std::string_view>& cells,
                  const std::array<std::size_t, 3>& at, PurchaseLine& out) {
  const auto cell = [&](std::size_t c) { return at[c] < cells.size() ? cells[at[c]] : std::string_view{}; };
  out.cust = csv::trim(cell(0));
  if (out.cust.empty()) return csv_error(path, n, kColumns[0], "a customer number", out.cust);
  const auto day = parse_date(csv::trim(cell(1)));
  if (!day) return csv_error(path, n, kColumns[1], "a date YYYYMMDD or YYYY-MM-DD", cell(1));
  out.day = *day;
  double decimal = 0;
  if (csv::parse_int(cell(2), out.amount_krw)) return ok();
  if (!csv::parse_double(cell(2), decimal))
    return csv_error(path, n, kColumns[2], "an integer amount in KRW", cell(2));
  out.amount_krw = std::llround(decimal);
  return ok();
}

}  // namespace

Status stream_csv_records(const std::string& path, std::size_t block_bytes, const CsvRecord& record) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(ErrorKind::not_found, path + ": cannot open", "models");
  std::string buffer;
  std::size_t lines_before = 0;  // of the block
  std::vector<std::string_view> cells;
  for (bool end = false; !end;) {
    const std::size_t kept = buffer.size();
    buffer.resize(kept + block_bytes);
    in.read(buffer.data() + kept, static_cast<std::streamsize>(block_bytes));
    buffer.resize(kept + static_cast<std::size_t>(in.gcount()));
    end = !in;
    if (in.bad()) return fail(ErrorKind::storage_io, path + ": read failed", "models");
    const std::size_t cut = end ? buffer.size() : complete_records(buffer);
    csv::CsvScanner scanner(std::string_view(buffer.data(), cut));
    while (scanner.next(cells)) {
      const std::size_t n = lines_before + scanner.line();
      if (scanner.malformed())
        return fail(ErrorKind::invalid_input, path + ":" + std::to_string(n) + ": unterminated quote",
                    "models");
      if (auto taken = record(cells, n); !taken) return taken;
    }
    lines_before +=
        static_cast<std::size_t>(std::count(buffer.begin(), buffer.begin() + static_cast<long>(cut), '\n'));
    buffer.erase(0, cut);
  }
  return ok();
}

Status stream_purchase_lines(const std::string& path, std::size_t block_bytes,
                             const std::function<void(const PurchaseLine&)>& line) {
  bool header = true;
  std::array<std::size_t, 3> at{};
  PurchaseLine row;
  auto streamed = stream_csv_records(path, block_bytes, [&](const auto& cells, std::size_t n) -> Status {
    if (!header) {
      if (auto parsed = parse_line(path, n, cells, at, row); !parsed) return parsed;
      line(row);
      return ok();
    }
    for (std::size_t c = 0; c < kColumns.size(); ++c) {
      const auto it = std::find_if(cells.begin(), cells.end(),
                                   [&](std::string_view h) { return csv::trim(h) == kColumns[c]; });
      if (it == cells.end())
        return csv_error(path, n, kColumns[c], std::string("a header column named ") + kColumns[c],
                         "no such column");
      at[c] = static_cast<std::size_t>(it - cells.begin());
    }
    header = false;
    return ok();
  });
  if (!streamed) return streamed;
  if (header) return csv_error(path, 1, "", "a header line", "an empty file");
  return ok();
}

}  // namespace smartstore::models
