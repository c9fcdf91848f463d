#include "camera_source.h"

#include <spdlog/spdlog.h>

#include <chrono>

#include "smartstore/scanner/decoder.h"

namespace smartstore::edge::scanning {
namespace {
constexpr int kMaxPendingDeliveries = 4;
constexpr auto kReopenDelay = std::chrono::seconds(5);
}  // namespace

CameraSource::CameraSource(boost::asio::io_context& io, scanner::CameraOptions options, ScanSink& sink)
    : io_(io), options_(std::move(options)), sink_(sink), gate_(kMaxPendingDeliveries) {}

CameraSource::~CameraSource() { stop(); }

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

void CameraSource::run() {
  scanner::DecodeOptions decode;
  // A frame that takes longer is stale: the camera has newer ones.
  decode.budget_ms = 150;
  const scanner::FrameDecoder decoder(decode);
  std::string last_error;
  auto report_error = [&](const std::string& e) {
    if (e != last_error) spdlog::error("scanner camera {}", e);  // once per distinct error
    last_error = e;
  };
  auto sleep_unless_stopping = [&](auto total) {
    const auto end = std::chrono::steady_clock::now() + total;
    while (!stopping_ && std::chrono::steady_clock::now() < end)
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
  };

  while (!stopping_) {
    auto opened = scanner::V4l2Camera::open(options_);
    if (!opened) {
      report_error(opened.error().message());
      sleep_unless_stopping(kReopenDelay);
      continue;
    }
    auto& cam = **opened;
    spdlog::info("scanner camera {}: {}x{} {}", cam.device(), cam.width(), cam.height(),
                 scanner::fourcc_name(cam.pixel_format()));
    last_error.clear();
    while (!stopping_) {
      auto frame = cam.next_frame(200);
      if (!frame) {
        report_error(frame.error().message());
        // Unplugged: re-open (a corrupted frame is just skipped).
        if (frame.error().kind() == ErrorKind::unavailable) break;
        continue;
      }
      if (!*frame) continue;  // timed out
      const auto report = decoder.decode(**frame).value_or(scanner::DecodeReport{});
      for (const auto& code : report.codes) {
        const bool posted = gate_.post(io_, [&sink = sink_, text = code.text,
                                             source = "camera (" + code.format + ", " + code.pass + ")"] {
          sink.deliver(source, text);
        });
        if (!posted) break;
      }
    }
    if (!stopping_) sleep_unless_stopping(kReopenDelay);
  }
}

}  // namespace smartstore::edge::scanning
