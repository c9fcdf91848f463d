#pragma once
// A CSV file written through one large buffer with std::to_chars: the
// generator emits ten million rows, where iostream formatting would dominate.
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "smartstore/common/private_file.h"

namespace smartstore::models::gen {

class CsvOut {
 public:
  // Created anew with mode 0600 (common/private_file.h): demo data stands for real customers.
  explicit CsvOut(const std::filesystem::path& file);
  ~CsvOut();
  CsvOut(const CsvOut&) = delete;
  CsvOut& operator=(const CsvOut&) = delete;

  [[nodiscard]] bool ok() const { return file_.has_value() && !failed_; }
  CsvOut& text(std::string_view s) {
    reserve(s.size());
    buf_.append(s);
    return *this;
  }
  CsvOut& ch(char c) {
    reserve(1);
    buf_.push_back(c);
    return *this;
  }
  CsvOut& num(std::int64_t v) {
    reserve(24);
    char tmp[24];
    auto r = std::to_chars(tmp, tmp + sizeof tmp, v);
    buf_.append(tmp, r.ptr);
    return *this;
  }
  // Digits zero-padded to width.
  CsvOut& padded(std::int64_t v, int width);
  // Appends an already formatted block (rows built by a worker thread).
  CsvOut& block(const std::string& rows) { return text(rows); }
  // Flushes and closes; false if any write failed.
  bool close();

 private:
  void reserve(std::size_t n) {
    if (buf_.size() + n > kFlushAt) flush();
  }
  void flush();
  static constexpr std::size_t kFlushAt = 1 << 22;
  std::string buf_;
  std::optional<PrivateFile> file_;
  bool failed_ = false;
};

}  // namespace smartstore::models::gen
