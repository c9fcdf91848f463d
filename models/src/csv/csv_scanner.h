#pragma once
// A memory-mapped CSV record scanner: RFC 4180 quoting, CRLF or LF, UTF-8 BOM
// skipped. Fields are string_views into the mapping (or into per-field
// buffers for quoted fields with doubled quotes), valid until the next call.
#include <cstddef>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace smartstore::models::csv {

class MappedFile {
 public:
  MappedFile() = default;
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  MappedFile(MappedFile&& other) noexcept;
  MappedFile& operator=(MappedFile&& other) noexcept;
  // Empty string on success, else what went wrong.
  std::string open(const std::string& path);
  [[nodiscard]] std::string_view text() const { return {data_, size_}; }

 private:
  const char* data_ = nullptr;
  std::size_t size_ = 0;
};

class CsvScanner {
 public:
  explicit CsvScanner(std::string_view text);
  // False at end of input. Blank lines are skipped.
  bool next(std::vector<std::string_view>& fields);
  // 1-based line where the last record returned starts.
  [[nodiscard]] std::size_t line() const { return record_line_; }
  // Unterminated quote in the last record.
  [[nodiscard]] bool malformed() const { return malformed_; }
  // The last record returned as it stands in the text: its first byte to its
  // line end, included when there is one (a split copies records unparsed).
  [[nodiscard]] std::string_view record() const {
    return {record_start_, static_cast<std::size_t>(p_ - record_start_)};
  }

 private:
  const char* p_;
  const char* end_;
  std::size_t line_ = 1;
  std::size_t record_line_ = 0;
  const char* record_start_ = nullptr;
  bool malformed_ = false;
  // Buffers of unescaped quoted fields, one per field position. A deque: growing
  // it must not move the strings earlier fields of the same record point into.
  std::deque<std::string> unescaped_;
};

}  // namespace smartstore::models::csv
