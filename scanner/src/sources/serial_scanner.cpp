#include "smartstore/scanner/serial_scanner.h"

#include <boost/asio/read.hpp>

#include <algorithm>

namespace smartstore::scanner {

SerialScanner::SerialScanner(boost::asio::io_context& io, SerialScannerOptions options, LineHandler on_line,
                             StatusHandler on_status)
    : options_(std::move(options)),
      on_line_(std::move(on_line)),
      on_status_(std::move(on_status)),
      port_(io),
      timer_(io),
      framer_(options_.terminator),
      backoff_(options_.reopen_min) {}

SerialScanner::~SerialScanner() { stop(); }

void SerialScanner::start() {
  stopped_ = false;
  open();
}

void SerialScanner::stop() {
  stopped_ = true;
  boost::system::error_code ignored;
  timer_.cancel();
  port_.close(ignored);
}

void SerialScanner::open() {
  if (stopped_) return;
  boost::system::error_code ec;
  port_.open(options_.path, ec);
  if (!ec) port_.set_option(boost::asio::serial_port_base::baud_rate(options_.baud), ec);
  if (!ec) port_.set_option(boost::asio::serial_port_base::character_size(8), ec);
  if (ec) {
    schedule_reopen(ec.message());
    return;
  }
  backoff_ = options_.reopen_min;
  framer_.reset();
  if (on_status_) on_status_(ok());
  read();
}

void SerialScanner::read() {
  port_.async_read_some(boost::asio::buffer(buffer_), [this](boost::system::error_code ec, std::size_t n) {
    if (stopped_) return;
    if (ec) {
      schedule_reopen(ec.message());
      return;
    }
    for (auto& line : framer_.feed(std::string_view(buffer_.data(), n))) on_line_(std::move(line));
    read();
  });
}

void SerialScanner::schedule_reopen(const std::string& why) {
  boost::system::error_code ignored;
  port_.close(ignored);
  if (stopped_) return;
  if (on_status_) on_status_(Error(ErrorKind::unavailable, options_.path + ": " + why, "scanner"));
  ++reconnects_;
  timer_.expires_after(backoff_);
  backoff_ = std::min(backoff_ * 2, options_.reopen_max);
  timer_.async_wait([this](boost::system::error_code ec) {
    if (!ec) open();
  });
}

}  // namespace smartstore::scanner
