#pragma once
// A small tmpfs for storage-fault tests: full at `size`, and remountable
// read-only (root ignores chmod, so a read-only mount is the only honest way
// to make storage refuse writes). Needs root; `mounted` is false otherwise and
// the test says SKIPPED.
#include <sys/mount.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <utility>

namespace smartstore::testing {

class TmpfsMount {
 public:
  explicit TmpfsMount(std::filesystem::path d, std::string size = "4m")
      : dir(std::move(d)), options_("size=" + std::move(size) + ",mode=0700") {
    std::filesystem::create_directories(dir);
    mounted = ::geteuid() == 0 && ::mount("tmpfs", dir.c_str(), "tmpfs", 0, options_.c_str()) == 0;
  }
  ~TmpfsMount() {
    if (mounted) ::umount2(dir.c_str(), MNT_DETACH);
  }
  TmpfsMount(const TmpfsMount&) = delete;
  TmpfsMount& operator=(const TmpfsMount&) = delete;

  // Linux refuses to remount ro while a file on it is open for writing.
  [[nodiscard]] bool remount(bool read_only) const {
    return ::mount("tmpfs", dir.c_str(), "tmpfs", MS_REMOUNT | (read_only ? MS_RDONLY : 0),
                   options_.c_str()) == 0;
  }

  std::filesystem::path dir;
  bool mounted = false;

 private:
  std::string options_;
};

}  // namespace smartstore::testing
