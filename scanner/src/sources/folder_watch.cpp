#include "smartstore/scanner/folder_watch.h"

#include <sys/inotify.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

namespace smartstore::scanner {

namespace fs = std::filesystem;

FolderWatch::FolderWatch(boost::asio::io_context& io, FolderWatchOptions options, FileHandler on_file)
    : options_(std::move(options)), on_file_(std::move(on_file)), events_(io), timer_(io) {}

FolderWatch::~FolderWatch() { stop(); }

Status FolderWatch::start() {
  stopped_ = false;
  std::error_code ec;
  if (!fs::is_directory(options_.folder, ec))
    return fail(ErrorKind::not_found, options_.folder.string() + ": not a directory", "scanner");
  const int fd = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (fd >= 0 && ::inotify_add_watch(fd, options_.folder.c_str(), IN_CLOSE_WRITE | IN_MOVED_TO | IN_ONLYDIR) >= 0) {
    inotify_fd_ = fd;
    events_.assign(fd);  // owns and closes the descriptor
  } else if (fd >= 0) {
    ::close(fd);
  }
  // Watch first, then list: a file arriving in between is seen twice at
  // worst, and report() skips what is gone.
  scan_existing();
  if (using_inotify()) {
    read_events();
  } else {
    poll();
  }
  return ok();
}

void FolderWatch::stop() {
  stopped_ = true;
  boost::system::error_code ec;
  events_.close(ec);
  inotify_fd_ = -1;
  timer_.cancel();
}

void FolderWatch::scan_existing() {
  std::error_code ec;
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(options_.folder, ec))
    if (entry.is_regular_file(ec) && entry.path().filename().string().front() != '.') files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  std::set<std::string> present;
  for (const auto& f : files) {
    present.insert(f.filename().string());
    if (!seen_.count(f.filename().string())) report(f);
  }
  seen_ = std::move(present);
}

void FolderWatch::report(const fs::path& file) {
  if (stopped_) return;
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) return;  // already handled, or a directory
  on_file_(file);
}

void FolderWatch::read_events() {
  events_.async_read_some(boost::asio::buffer(buffer_), [this](const boost::system::error_code& ec, std::size_t n) {
    if (ec || stopped_) return;
    std::size_t at = 0;
    while (at + sizeof(inotify_event) <= n) {
      inotify_event ev{};
      std::memcpy(&ev, buffer_.data() + at, sizeof ev);
      const char* name = buffer_.data() + at + sizeof(inotify_event);
      at += sizeof(inotify_event) + ev.len;
      if (ev.mask & IN_Q_OVERFLOW) {
        scan_existing();  // events were lost: look at what is there
        continue;
      }
      if (ev.len == 0 || (ev.mask & IN_ISDIR) || name[0] == '.') continue;
      report(options_.folder / std::string(name, ::strnlen(name, ev.len)));
    }
    read_events();
  });
}

void FolderWatch::poll() {
  if (stopped_) return;
  scan_existing();
  timer_.expires_after(options_.poll_interval);
  timer_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) poll();
  });
}

}  // namespace smartstore::scanner
