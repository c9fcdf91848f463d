#include "agent/snapshot_stage_chunks.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "agent/snapshot_stage.h"

namespace smartstore::sync::detail {
namespace fs = std::filesystem;

namespace {
// Far below the usual 1,024 descriptors; 1M profiles are 200 chunks of 5,000.
constexpr std::size_t kMaxOpen = 256;

Failure unreadable(std::size_t index, const std::string& why) {
  return fail(ErrorKind::storage_io, "staged chunk " + std::to_string(index) + ": " + why, "snapshot");
}
}  // namespace

std::optional<std::string> read_staged_file(const fs::path& f) {
  int fd = ::open(f.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    ::close(fd);
    return std::nullopt;
  }
  std::string out(static_cast<std::size_t>(st.st_size), '\0');
  std::size_t off = 0;
  while (off < out.size()) {
    ssize_t n = ::read(fd, out.data() + off, out.size() - off);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      ::close(fd);
      return std::nullopt;
    }
    if (n == 0) break;  // shrank meanwhile: the hash check decides
    off += static_cast<std::size_t>(n);
  }
  ::close(fd);
  out.resize(off);
  return out;
}

StagedChunks::StagedChunks(SnapshotStage& stage, std::int64_t version, fs::path dir, std::size_t count)
    : stage_(stage), version_(version), dir_(std::move(dir)), count_(count), fds_(count, -1) {}

StagedChunks::~StagedChunks() {
  for (int fd : fds_)
    if (fd >= 0) ::close(fd);
  stage_.unpin(version_);
}

fs::path StagedChunks::file(std::size_t index) const {
  return dir_ / models::chunk_file_name(static_cast<std::uint32_t>(index));
}

Result<std::string> StagedChunks::read(std::size_t index) {
  if (index >= count_) return unreadable(index, "beyond the manifest's chunk count");
  auto bytes = read_staged_file(file(index));
  if (!bytes) return unreadable(index, std::string("cannot read ") + file(index).string());
  return std::move(*bytes);
}

Result<int> StagedChunks::descriptor(std::size_t index) {
  if (fds_[index] >= 0) return fds_[index];
  if (opened_.size() - oldest_ >= kMaxOpen) {
    ::close(fds_[opened_[oldest_]]);
    fds_[opened_[oldest_++]] = -1;
  }
  int fd = ::open(file(index).c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return unreadable(index, std::string("cannot open: ") + std::strerror(errno));
  fds_[index] = fd;
  opened_.push_back(index);
  return fd;
}

Status StagedChunks::read_at(std::size_t index, std::uint64_t offset, std::span<char> out) {
  if (index >= count_) return unreadable(index, "beyond the manifest's chunk count");
  auto fd = descriptor(index);
  if (!fd) return fd.error();
  std::size_t done = 0;
  while (done < out.size()) {
    ssize_t n = ::pread(*fd, out.data() + done, out.size() - done, static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return unreadable(index, std::string("read failed: ") + std::strerror(errno));
    if (n == 0) return unreadable(index, "shorter than when it was verified");
    done += static_cast<std::size_t>(n);
  }
  return ok();
}

}  // namespace smartstore::sync::detail
