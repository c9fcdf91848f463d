#include "camera_source.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <ctime>

#include "smartstore/scanner/frame_files.h"

namespace smartstore::edge::scanning {
namespace {
constexpr int kMaxPendingDeliveries = 4;
constexpr auto kReopenDelay = std::chrono::seconds(5);

double thread_cpu_seconds() {
  timespec ts{};
  ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}
}  // namespace

CameraSource::CameraSource(boost::asio::io_context& io, scanner::CameraOptions options, Deliver deliver)
    : io_(io), options_(std::move(options)), deliver_(std::move(deliver)), gate_(kMaxPendingDeliveries) {}

CameraSource::~CameraSource() {
  stop();
}

void CameraSource::start() {
  if (thread_.joinable()) return;
  stopping_ = false;
  gate_.open();
  thread_ = std::thread([this] { run(); });
}

void CameraSource::stop() {
  stopping_ = true;
  gate_.close();
  if (thread_.joinable()) thread_.join();
}

CameraStats CameraSource::stats() const {
  const std::lock_guard lock(stats_mutex_);
  return stats_;
}

void CameraSource::capture(scanner::FrameSource& source, scanner::CameraDecoder& decoder) {
  std::string last_error;
  const double cpu_before = stats().thread_cpu_s;
  const double cpu_start = thread_cpu_seconds();
  const scanner::CameraDecodeCounts counts_before = stats().decoded;
  const long skipped_before = stats().skipped;
  bool first = true;
  while (!stopping_) {
    // Stamped before the call: a replayed source starts its clock inside the
    // first call, so the first frame's time is never later than its capture.
    const auto asked = std::chrono::steady_clock::now();
    auto frame = source.next_frame(200);
    if (!frame) {
      if (frame.error().message() != last_error) spdlog::error("scanner camera {}", frame.error().message());
      last_error = frame.error().message();
      if (frame.error().kind() == ErrorKind::unavailable) return;  // unplugged: re-open
      continue;                                                    // one corrupted frame: skip it
    }
    if (!*frame) continue;  // timed out
    if (first) {
      const std::lock_guard lock(stats_mutex_);
      stats_.first_frame = asked;
    }
    const long frame_number = source.last_frame();
    const auto result = decoder.offer(**frame, std::chrono::steady_clock::now());
    for (const auto& code : result.report.codes) {
      const bool posted = gate_.post(
          io_, [deliver = deliver_, text = code.text, frame = frame_number,
                label = "camera (" + code.format + ", " + code.pass + ")"] { deliver(label, text, frame); });
      if (!posted) break;
    }
    const std::lock_guard lock(stats_mutex_);
    first = false;
    stats_.decoded = counts_before;
    stats_.decoded += decoder.counts();
    stats_.skipped = skipped_before + source.skipped_frames();
    stats_.thread_cpu_s = cpu_before + thread_cpu_seconds() - cpu_start;
  }
}

void CameraSource::run() {
  std::string last_error;
  auto sleep_unless_stopping = [&](auto total) {
    const auto end = std::chrono::steady_clock::now() + total;
    while (!stopping_ && std::chrono::steady_clock::now() < end)
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
  };
  while (!stopping_) {
    auto opened = scanner::open_frame_source(options_);
    if (!opened) {
      if (opened.error().message() != last_error)
        spdlog::error("scanner camera {}", opened.error().message());
      last_error = opened.error().message();
      sleep_unless_stopping(kReopenDelay);
      continue;
    }
    spdlog::info("scanner camera {}", (*opened)->describe());
    last_error.clear();
    // A new decoder per opening: what it remembers belongs to one picture stream.
    scanner::CameraDecoder decoder(options_.effort);
    capture(**opened, decoder);
    if (!stopping_) sleep_unless_stopping(kReopenDelay);
  }
}

}  // namespace smartstore::edge::scanning
