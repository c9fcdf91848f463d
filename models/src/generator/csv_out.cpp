#include "csv_out.h"

namespace smartstore::models::gen {

CsvOut::CsvOut(const std::filesystem::path& file) {
  if (auto created = PrivateFile::create(file)) file_.emplace(std::move(*created));
  buf_.reserve(kFlushAt + 4096);
}

CsvOut::~CsvOut() { close(); }

CsvOut& CsvOut::padded(std::int64_t v, int width) {
  char tmp[24];
  auto r = std::to_chars(tmp, tmp + sizeof tmp, v);
  const auto n = static_cast<int>(r.ptr - tmp);
  reserve(static_cast<std::size_t>(width > n ? width : n));
  for (int i = n; i < width; ++i) buf_.push_back('0');
  buf_.append(tmp, r.ptr);
  return *this;
}

void CsvOut::flush() {
  if (file_ && !file_->write(buf_)) failed_ = true;
  buf_.clear();
}

bool CsvOut::close() {
  if (!file_) return false;
  flush();
  if (!file_->close()) failed_ = true;
  file_.reset();
  return !failed_;
}

}  // namespace smartstore::models::gen
