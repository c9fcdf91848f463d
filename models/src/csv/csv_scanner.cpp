#include "csv_scanner.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace smartstore::models::csv {

MappedFile::~MappedFile() {
  if (data_ != nullptr && size_ > 0) ::munmap(const_cast<char*>(data_), size_);
}

MappedFile::MappedFile(MappedFile&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)) {}

MappedFile& MappedFile::operator=(MappedFile&& other) noexcept {
  if (this != &other) {
    if (data_ != nullptr && size_ > 0) ::munmap(const_cast<char*>(data_), size_);
    data_ = std::exchange(other.data_, nullptr);
    size_ = std::exchange(other.size_, 0);
  }
  return *this;
}

std::string MappedFile::open(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::string("cannot open: ") + std::strerror(errno);
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    const int e = errno;
    ::close(fd);
    return std::string("cannot stat: ") + std::strerror(e);
  }
  size_ = static_cast<std::size_t>(st.st_size);
  if (size_ == 0) {
    ::close(fd);
    data_ = "";
    return {};
  }
  // MAP_POPULATE: the whole file is read anyway; mapping it in one call
  // saves a page fault per few pages (a fifth of the read time on 500 MB).
  void* m = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
  const int e = errno;
  ::close(fd);
  if (m == MAP_FAILED) {
    size_ = 0;
    return std::string("cannot map: ") + std::strerror(e);
  }
  ::madvise(m, size_, MADV_SEQUENTIAL);
  data_ = static_cast<const char*>(m);
  return {};
}

CsvScanner::CsvScanner(std::string_view text) : p_(text.data()), end_(text.data() + text.size()) {
  if (text.size() >= 3 && std::memcmp(p_, "\xEF\xBB\xBF", 3) == 0) p_ += 3;
  record_start_ = p_;
}

bool CsvScanner::next(std::vector<std::string_view>& fields) {
  fields.clear();
  malformed_ = false;
  // Skip blank lines (also a lone CR).
  while (p_ < end_ && (*p_ == '\n' || *p_ == '\r')) {
    if (*p_ == '\n') ++line_;
    ++p_;
  }
  if (p_ >= end_) return false;
  record_line_ = line_;
  record_start_ = p_;
  for (;;) {
    if (p_ < end_ && *p_ == '"') {
      ++p_;
      const char* start = p_;
      bool doubled = false;
      for (;;) {
        const char* q = static_cast<const char*>(std::memchr(p_, '"', static_cast<std::size_t>(end_ - p_)));
        if (q == nullptr) {
          malformed_ = true;
          p_ = end_;
          break;
        }
        for (const char* c = p_; c < q; ++c) line_ += (*c == '\n') ? 1 : 0;
        if (q + 1 < end_ && q[1] == '"') {
          doubled = true;
          p_ = q + 2;
          continue;
        }
        p_ = q + 1;
        break;
      }
      if (malformed_) {
        fields.emplace_back(start, static_cast<std::size_t>(end_ - start));
        return true;
      }
      std::string_view raw(start, static_cast<std::size_t>(p_ - 1 - start));
      if (doubled) {
        if (unescaped_.size() <= fields.size()) unescaped_.resize(fields.size() + 1);
        std::string& out = unescaped_[fields.size()];
        out.clear();
        for (std::size_t i = 0; i < raw.size(); ++i) {
          out.push_back(raw[i]);
          if (raw[i] == '"') ++i;  // skip the second of a doubled quote
        }
        fields.emplace_back(out);
      } else {
        fields.emplace_back(raw);
      }
      // Anything between the closing quote and the delimiter is tolerated and dropped.
      while (p_ < end_ && *p_ != ',' && *p_ != '\n') ++p_;
    } else {
      const char* start = p_;
      while (p_ < end_ && *p_ != ',' && *p_ != '\n') ++p_;
      const char* stop = p_;
      if (stop > start && stop[-1] == '\r' && (p_ >= end_ || *p_ == '\n')) --stop;
      fields.emplace_back(start, static_cast<std::size_t>(stop - start));
    }
    if (p_ >= end_) return true;
    if (*p_ == '\n') {
      ++line_;
      ++p_;
      return true;
    }
    ++p_;  // ','
    if (p_ >= end_) {
      fields.emplace_back();
      return true;
    }
  }
}

}  // namespace smartstore::models::csv
