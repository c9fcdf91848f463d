#include "smartstore/edge/scanner_component.h"

#include <fcntl.h>
#include <linux/input.h>
#include <spdlog/spdlog.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <utility>  // before Asio (g++ 12 + Boost 1.74)

#include <boost/asio/posix/stream_descriptor.hpp>

#include <algorithm>
#include <array>
#include <cstring>

#include "camera_source.h"
#include "scan_sink.h"
#include "smartstore/scanner/decoder.h"
#include "smartstore/scanner/folder_watch.h"
#include "smartstore/scanner/frame.h"
#include "smartstore/scanner/key_wedge.h"
#include "smartstore/scanner/line_framer.h"
#include "smartstore/scanner/payload.h"
#include "smartstore/scanner/serial_scanner.h"

namespace smartstore::edge {
namespace {

namespace asio = boost::asio;

using scanning::ScanSink;

// Images dropped into a folder by a camera process or a technician: each new
// file (inotify: once its writer closed it or renamed it in) is decoded once,
// then deleted, so a restart does not scan it again. Nothing is kept: a picture
// of a member card is personal data, and what it said is in the journal (as a
// member key). A <folder>/done/ of kept card images is deleted at start for the
// same reason.
class FolderSource {
 public:
  FolderSource(asio::io_context& io, std::filesystem::path folder, ScanSink& sink)
      : folder_(std::move(folder)),
        sink_(sink),
        watch_(io, {folder_}, [this](const std::filesystem::path& file) { handle(file); }) {}

  void start() {
    forget_done_folder();
    if (auto started = watch_.start(); !started) {
      spdlog::error("scan folder {}: {}", folder_.string(), started.error().message());
      return;
    }
    if (!watch_.using_inotify())
      spdlog::warn("scan folder {}: inotify unavailable, polling", folder_.string());
  }
  void stop() { watch_.stop(); }

 private:
  void handle(const std::filesystem::path& file) {
    auto load = scanner::load_image_file(file);
    if (!load) {
      spdlog::warn("scan folder: {}: {}", file.filename().string(), load.error().message());
    } else {
      const auto report = decoder_.decode(*load).value_or(scanner::DecodeReport{});
      if (report.codes.empty()) spdlog::info("scan folder: {}: no code found", file.filename().string());
      for (const auto& code : report.codes)
        sink_.deliver("image " + file.filename().string() + " (" + code.format + ", " + code.pass + ")",
                      code.text);
    }
    std::error_code ec;
    if (!std::filesystem::remove(file, ec) && ec)
      spdlog::error("scan folder: {}: cannot delete the decoded image: {}", file.filename().string(),
                    ec.message());
  }

  void forget_done_folder() {
    const auto done = folder_ / "done";
    std::error_code ec;
    if (!std::filesystem::is_directory(done, ec)) return;
    const auto removed = std::filesystem::remove_all(done, ec);
    if (ec)
      spdlog::error("scan folder: cannot delete {} (decoded images kept by an earlier version): {}",
                    done.string(), ec.message());
    else
      spdlog::info("scan folder: deleted {} decoded image(s) an earlier version kept in {}",
                   removed == 0 ? 0 : removed - 1, done.string());
  }

  std::filesystem::path folder_;
  ScanSink& sink_;
  scanner::FrameDecoder decoder_;
  scanner::FolderWatch watch_;
};

// Lines on a file descriptor (stdin of a kiosk fed by another process).
class LineSource {
 public:
  LineSource(asio::io_context& io, int fd, std::string terminator, ScanSink& sink)
      : stream_(io, ::dup(fd)), framer_(terminator.empty() ? "\n" : terminator), sink_(sink) {}
  void start() { read(); }
  void stop() {
    boost::system::error_code ec;
    stream_.close(ec);
  }

 private:
  void read() {
    stream_.async_read_some(asio::buffer(buffer_),
                            [this](const boost::system::error_code& ec, std::size_t n) {
                              if (ec) return;  // EOF or closed: the feeding process is gone
                              for (auto& line : framer_.feed(std::string_view(buffer_.data(), n)))
                                sink_.deliver("stdin", line);
                              read();
                            });
  }
  asio::posix::stream_descriptor stream_;
  scanner::LineFramer framer_;
  std::array<char, 512> buffer_{};
  ScanSink& sink_;
};

// A keyboard-wedge scanner grabbed exclusively, so its keystrokes do not
// reach the kiosk's screen as typing.
class KeyWedgeSource {
 public:
  KeyWedgeSource(asio::io_context& io, std::string path, bool grab, ScanSink& sink)
      : stream_(io), path_(std::move(path)), grab_(grab), sink_(sink) {}
  void start() {
    int fd = ::open(path_.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
      spdlog::error("scanner {}: cannot open: {}", path_, std::strerror(errno));
      return;
    }
    if (grab_ && ::ioctl(fd, EVIOCGRAB, 1) != 0) spdlog::warn("scanner {}: exclusive grab refused", path_);
    stream_.assign(fd);
    read();
  }
  void stop() {
    boost::system::error_code ec;
    stream_.close(ec);
  }

 private:
  void read() {
    stream_.async_read_some(
        asio::buffer(events_), [this](const boost::system::error_code& ec, std::size_t n) {
          if (ec) {
            if (ec != asio::error::operation_aborted) spdlog::warn("scanner {}: {}", path_, ec.message());
            return;
          }
          for (std::size_t i = 0; i < n / sizeof(input_event); ++i)
            if (auto line = wedge_.feed(events_[i].type, events_[i].code, events_[i].value))
              sink_.deliver("keyboard wedge", *line);
          read();
        });
  }
  asio::posix::stream_descriptor stream_;
  std::string path_;
  bool grab_;
  ScanSink& sink_;
  scanner::KeyWedge wedge_;
  std::array<input_event, 64> events_{};
};

class ScannerComponent final : public DaemonComponent {
 public:
  ScannerComponent(asio::io_context& io, const KioskConfig& config, KioskService& kiosk)
      : sink_(kiosk, config.scanner.debounce) {
    for (const auto& s : config.scanner.sources) {
      switch (s.kind) {
        case ScannerKind::serial:
          serial_.push_back(std::make_unique<scanner::SerialScanner>(
              io, scanner::SerialScannerOptions{s.path, s.baud, s.terminator},
              [this](std::string line) { sink_.deliver("serial", line); },
              [path = s.path](const Status& link) {
                if (link)
                  spdlog::info("scanner {}: connected", path);
                else
                  spdlog::info("scanner disconnected: {}", link.error().message());
              }));
          break;
        case ScannerKind::evdev:
          wedges_.push_back(std::make_unique<KeyWedgeSource>(io, s.path, s.exclusive_grab, sink_));
          break;
        case ScannerKind::folder:
          folders_.push_back(std::make_unique<FolderSource>(io, s.path, sink_));
          break;
        case ScannerKind::stdin_lines:
          lines_.push_back(std::make_unique<LineSource>(io, STDIN_FILENO, s.terminator, sink_));
          break;
        case ScannerKind::camera: {
          scanner::CameraOptions camera;
          if (!s.path.empty()) camera.device = s.path;
          camera.effort = s.camera;
          cameras_.push_back(std::make_unique<scanning::CameraSource>(
              io, camera, [this](const std::string& source, const std::string& text, long) {
                sink_.deliver(source, text);
              }));
          break;
        }
      }
    }
  }
  [[nodiscard]] std::string name() const override { return "scanner sources"; }
  void start() override {
    for (auto& s : serial_) s->start();
    for (auto& s : wedges_) s->start();
    for (auto& s : folders_) s->start();
    for (auto& s : lines_) s->start();
    for (auto& s : cameras_) s->start();
  }
  void stop() override {
    for (auto& s : serial_) s->stop();
    for (auto& s : wedges_) s->stop();
    for (auto& s : folders_) s->stop();
    for (auto& s : lines_) s->stop();
    for (auto& s : cameras_) s->stop();
  }

 private:
  ScanSink sink_;
  std::vector<std::unique_ptr<scanner::SerialScanner>> serial_;
  std::vector<std::unique_ptr<KeyWedgeSource>> wedges_;
  std::vector<std::unique_ptr<FolderSource>> folders_;
  std::vector<std::unique_ptr<LineSource>> lines_;
  std::vector<std::unique_ptr<scanning::CameraSource>> cameras_;
};

}  // namespace

std::unique_ptr<DaemonComponent> make_scanner_component(asio::io_context& io, const KioskConfig& config,
                                                        KioskService& kiosk) {
  return std::make_unique<ScannerComponent>(io, config, kiosk);
}

}  // namespace smartstore::edge
