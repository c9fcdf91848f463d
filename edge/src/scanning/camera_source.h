#pragma once
// A camera feeding the kiosk: a capture thread takes the newest frame (a
// V4L2 device, or recorded frames replayed at a camera's pace), lets
// CameraDecoder decide how hard to try on it, and posts what it read to the
// io_context. Frames that arrive while it decodes are skipped, never queued.
// At most a few deliveries wait on the io_context at a time; codes decoded
// beyond that are dropped (the camera shows the same code again next frame).
#include <utility>  // before Asio (g++ 12 + Boost 1.74)

#include <boost/asio/io_context.hpp>

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "delivery_gate.h"
#include "smartstore/scanner/camera_decoder.h"
#include "smartstore/scanner/v4l2_camera.h"

namespace smartstore::edge::scanning {

struct CameraStats {
  scanner::CameraDecodeCounts decoded;  // frames seen and the pass each got
  long skipped = 0;                     // frames that went by while the decoder was busy
  double thread_cpu_s = 0;              // CPU time of the capture-and-decode thread so far
  // When the call that gave the latest opening's first frame began (a replayed
  // source's clock starts in that call).
  std::chrono::steady_clock::time_point first_frame{};
};

class CameraSource {
 public:
  // Runs on the io_context: `source` says which camera and pass, `text` is
  // the decoded text (may be a membership number: do not log it), `frame`
  // the capture sequence number of the frame it was read from
  // (FrameSource::last_frame(); a read may arrive some frames later).
  using Deliver = std::function<void(const std::string& source, const std::string& text, long frame)>;

  CameraSource(boost::asio::io_context& io, scanner::CameraOptions options, Deliver deliver);
  ~CameraSource();
  CameraSource(const CameraSource&) = delete;
  CameraSource& operator=(const CameraSource&) = delete;

  void start();
  void stop();  // joins the capture thread
  // Totals over every start() so far; callable from any thread.
  [[nodiscard]] CameraStats stats() const;

 private:
  void run();
  void capture(scanner::FrameSource& source, scanner::CameraDecoder& decoder);

  boost::asio::io_context& io_;
  scanner::CameraOptions options_;
  Deliver deliver_;
  std::thread thread_;
  std::atomic<bool> stopping_{false};
  DeliveryGate gate_;  // a new generation per start(): nothing decoded before a stop() is delivered after
  mutable std::mutex stats_mutex_;
  CameraStats stats_;
};

}  // namespace smartstore::edge::scanning
