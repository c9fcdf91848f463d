#pragma once
// New files in a folder (frames from a camera process, images a technician
// drops in), reported once each on an Asio io_context: inotify IN_CLOSE_WRITE
// and IN_MOVED_TO, so a file is reported when its writer is done with it, not
// while half written. Files already there at start are reported first.
// Polling is the fallback only when inotify is unavailable.
#include <utility>  // before Asio (g++ 12 + Boost 1.74)
#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>

#include <array>
#include <chrono>
#include <filesystem>
#include <functional>
#include <set>
#include <string>

#include "smartstore/common/result.h"

namespace smartstore::scanner {

struct FolderWatchOptions {
  std::filesystem::path folder;
  // Only when inotify cannot be used (inotify_init1 or add_watch failed).
  std::chrono::milliseconds poll_interval{200};
};

class FolderWatch {
 public:
  // on_file gets regular files whose names do not start with '.' (writers
  // use dot-names for temporaries and rename into place). The callback is
  // expected to move or delete the file; a file still there is not reported
  // again while it stays.
  using FileHandler = std::function<void(const std::filesystem::path&)>;
  FolderWatch(boost::asio::io_context& io, FolderWatchOptions options, FileHandler on_file);
  ~FolderWatch();
  FolderWatch(const FolderWatch&) = delete;
  FolderWatch& operator=(const FolderWatch&) = delete;

  // Fails (not_found, naming the folder) only when the folder is not there;
  // without inotify it polls.
  Status start();
  void stop();
  [[nodiscard]] bool using_inotify() const { return inotify_fd_ >= 0; }

 private:
  void scan_existing();
  void report(const std::filesystem::path& file);
  void read_events();
  void poll();

  FolderWatchOptions options_;
  FileHandler on_file_;
  boost::asio::posix::stream_descriptor events_;
  boost::asio::steady_timer timer_;
  int inotify_fd_ = -1;
  bool stopped_ = false;
  std::set<std::string> seen_;  // names reported and still present (polling)
  alignas(8) std::array<char, 4096> buffer_{};
};

}  // namespace smartstore::scanner
