#include "smartstore/common/private_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace smartstore {
namespace {

constexpr std::string_view kOrigin = "file";

Error errno_error(int err, std::string_view what, const std::filesystem::path& file) {
  ErrorKind kind = ErrorKind::storage_io;
  if (err == ENOSPC || err == EDQUOT) kind = ErrorKind::storage_full;
  if (err == EROFS) kind = ErrorKind::storage_read_only;
  return Error(kind, std::string(what) + " " + file.string() + ": " + std::strerror(err), kOrigin);
}

}  // namespace

Result<PrivateFile> PrivateFile::create(const std::filesystem::path& file) {
  if (::unlink(file.c_str()) != 0 && errno != ENOENT) return errno_error(errno, "cannot replace", file);
  int fd = -1;
  do {
    fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) return errno_error(errno, "cannot create", file);
  return PrivateFile(fd, file);
}

PrivateFile::PrivateFile(PrivateFile&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), path_(std::move(other.path_)) {}

PrivateFile& PrivateFile::operator=(PrivateFile&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
    path_ = std::move(other.path_);
  }
  return *this;
}

PrivateFile::~PrivateFile() {
  if (fd_ >= 0) ::close(fd_);
}

Status PrivateFile::write(std::string_view bytes) {
  if (fd_ < 0) return fail(ErrorKind::internal, "write to closed " + path_.string(), kOrigin);
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd_, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return errno_error(errno, "cannot write", path_);
    if (n == 0) return errno_error(EIO, "cannot write", path_);
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return ok();
}

Status PrivateFile::sync() {
  if (fd_ < 0) return fail(ErrorKind::internal, "sync of closed " + path_.string(), kOrigin);
  if (::fsync(fd_) != 0) return errno_error(errno, "cannot sync", path_);
  return ok();
}

Status PrivateFile::close() {
  if (fd_ < 0) return ok();
  const int rc = ::close(std::exchange(fd_, -1));
  if (rc != 0 && errno != EINTR) return errno_error(errno, "cannot close", path_);
  return ok();
}

Status write_private_file(const std::filesystem::path& file, std::string_view bytes) {
  auto f = PrivateFile::create(file);
  if (!f) return std::move(f).error();
  if (auto s = f->write(bytes); !s) return s;
  return f->close();
}

Status replace_private_file(const std::filesystem::path& file, std::string_view bytes, bool durable) {
  std::filesystem::path tmp = file;
  tmp += ".tmp";
  auto f = PrivateFile::create(tmp);
  if (!f) return std::move(f).error();
  Status s = f->write(bytes);
  if (s && durable) s = f->sync();
  if (s) s = f->close();
  if (s && ::rename(tmp.c_str(), file.c_str()) != 0) s = errno_error(errno, "cannot rename into", file);
  if (!s) ::unlink(tmp.c_str());
  return s;
}

Status ensure_private_file(const std::filesystem::path& file) {
  int fd = -1;
  do {
    fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) return errno_error(errno, "cannot open", file);
  const int rc = ::fchmod(fd, 0600);
  const int err = errno;
  ::close(fd);
  if (rc != 0) return errno_error(err, "cannot restrict", file);
  return ok();
}

}  // namespace smartstore
