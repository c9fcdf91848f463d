#pragma once
// Files only their owner may read or write (mode 0600): member keys,
// profiles, snapshots, databases and generated customer data. A new file is
// created by open(2) with O_CREAT|O_EXCL and mode 0600, which the umask can
// only narrow, so there is no moment at which it is readable by others; a
// file already at the path is unlinked first rather than truncated, because
// whoever opened the old (perhaps wider) file keeps reading that inode, never
// the new bytes. Failures are storage errors naming the path.
#include <filesystem>
#include <string_view>

#include "smartstore/common/result.h"

namespace smartstore {

// An open, write-only 0600 file; closed by close() or the destructor.
class PrivateFile {
 public:
  // Creates `file` anew (replacing a file at that path).
  [[nodiscard]] static Result<PrivateFile> create(const std::filesystem::path& file);

  PrivateFile(PrivateFile&& other) noexcept;
  PrivateFile& operator=(PrivateFile&& other) noexcept;
  PrivateFile(const PrivateFile&) = delete;
  PrivateFile& operator=(const PrivateFile&) = delete;
  ~PrivateFile();

  // All of `bytes`, retrying short and interrupted writes.
  Status write(std::string_view bytes);
  // fsync: the bytes survive a power cut once this returns.
  Status sync();
  Status close();
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

 private:
  PrivateFile(int fd, std::filesystem::path path) : fd_(fd), path_(std::move(path)) {}
  int fd_ = -1;
  std::filesystem::path path_;
};

// Writes `bytes` to `file` (created anew, 0600) in place.
Status write_private_file(const std::filesystem::path& file, std::string_view bytes);
// Writes `bytes` to "<file>.tmp" (created anew, 0600) and renames it over
// `file`: a reader, or a process killed meanwhile, sees the whole old file or
// the whole new one. With `durable`, the bytes are fsynced before the rename.
Status replace_private_file(const std::filesystem::path& file, std::string_view bytes, bool durable);
// Makes sure `file` exists with mode 0600, keeping the contents of an
// existing one (its mode is narrowed). For SQLite databases, which create
// their files with the process umask and give -wal and -shm files the main
// file's mode.
Status ensure_private_file(const std::filesystem::path& file);

}  // namespace smartstore
