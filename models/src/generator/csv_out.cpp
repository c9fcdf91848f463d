#include "csv_out.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

namespace smartstore::models::gen {

CsvOut::CsvOut(const std::filesystem::path& file) {
  fd_ = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd_ >= 0) ::fchmod(fd_, 0600);  // an existing file keeps its mode otherwise
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
  if (fd_ < 0) {
    buf_.clear();
    return;
  }
  const char* p = buf_.data();
  std::size_t left = buf_.size();
  while (left > 0) {
    const ssize_t w = ::write(fd_, p, left);
    if (w < 0) {
      if (errno == EINTR) continue;
      failed_ = true;
      break;
    }
    p += w;
    left -= static_cast<std::size_t>(w);
  }
  buf_.clear();
}

bool CsvOut::close() {
  if (fd_ < 0) return false;
  flush();
  if (::close(fd_) != 0) failed_ = true;
  fd_ = -1;
  return !failed_;
}

}  // namespace smartstore::models::gen
