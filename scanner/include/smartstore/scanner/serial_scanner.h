#pragma once
// A serial barcode scanner (USB CDC-ACM or RS-232) on the io_context: reads
// lines cut at the configured terminator and hands each to the callback on the
// io_context's thread. When the device goes away (read error, EOF) it closes,
// waits and re-opens the same path with exponential back-off, so a scanner
// unplugged and plugged back in (e.g. /dev/serial/by-id/... link) recovers.
#include "smartstore/common/result.h"
#include "smartstore/scanner/line_framer.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/serial_port.hpp>
#include <boost/asio/steady_timer.hpp>

#include <array>
#include <chrono>
#include <functional>
#include <string>

namespace smartstore::scanner {

struct SerialScannerOptions {
  std::string path;
  unsigned baud = 9600;
  std::string terminator = "\r\n";
  std::chrono::milliseconds reopen_min{200};
  std::chrono::milliseconds reopen_max{10000};
};

class SerialScanner {
 public:
  using LineHandler = std::function<void(std::string line)>;
  // Ok once the port is open; an unavailable Error naming the path and the
  // reason when it could not be opened or went away (a re-open follows).
  using StatusHandler = std::function<void(const Status& link)>;

  SerialScanner(boost::asio::io_context& io, SerialScannerOptions options, LineHandler on_line,
                StatusHandler on_status = {});
  ~SerialScanner();
  SerialScanner(const SerialScanner&) = delete;
  SerialScanner& operator=(const SerialScanner&) = delete;

  void start();
  void stop();
  [[nodiscard]] int reconnects() const { return reconnects_; }

 private:
  void open();
  void read();
  void schedule_reopen(const std::string& why);

  SerialScannerOptions options_;
  LineHandler on_line_;
  StatusHandler on_status_;
  boost::asio::serial_port port_;
  boost::asio::steady_timer timer_;
  LineFramer framer_;
  std::array<char, 256> buffer_{};
  std::chrono::milliseconds backoff_;
  bool stopped_ = false;
  int reconnects_ = 0;
};

}  // namespace smartstore::scanner
