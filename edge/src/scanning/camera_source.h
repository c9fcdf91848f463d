#pragma once
// A V4L2 camera feeding the kiosk: a capture thread takes the newest frame,
// decodes it and posts what it read to the io_context, where ScanSink runs.
// At most a few deliveries wait on the io_context at a time; frames decoded
// beyond that are dropped (the camera shows the same code again next frame).
#include <utility>  // before Asio (g++ 12 + Boost 1.74)
#include <boost/asio/io_context.hpp>

#include <atomic>
#include <thread>

#include "delivery_gate.h"
#include "scan_sink.h"
#include "smartstore/scanner/v4l2_camera.h"

namespace smartstore::edge::scanning {

class CameraSource {
 public:
  CameraSource(boost::asio::io_context& io, scanner::CameraOptions options, ScanSink& sink);
  ~CameraSource();
  CameraSource(const CameraSource&) = delete;
  CameraSource& operator=(const CameraSource&) = delete;

  void start();
  void stop();  // joins the capture thread

 private:
  void run();

  boost::asio::io_context& io_;
  scanner::CameraOptions options_;
  ScanSink& sink_;
  std::thread thread_;
  std::atomic<bool> stopping_{false};
  DeliveryGate gate_;  // a new generation per start(): nothing decoded before a stop() is delivered after
};

}  // namespace smartstore::edge::scanning
