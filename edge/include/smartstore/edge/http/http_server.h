#pragma once
// The HTTP(S) listener in front of ApiRouter and the static pages. Beast
// lives only in http_server.cpp; this header is cheap to include. Runs on the
// io_context it is given; that context must be run by a single thread.
#include <boost/asio/io_context.hpp>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "smartstore/edge/http/api_router.h"
#include "smartstore/edge/http/http_metrics.h"

namespace smartstore::edge::http {

struct HttpServerOptions {
  std::string listen_address = "127.0.0.1";
  std::uint16_t port = 0;                             // 0: an ephemeral port, see HttpServer::port()
  std::filesystem::path tls_cert_file, tls_key_file;  // both empty: plain HTTP, loopback only
  std::size_t max_body_bytes = 64 * 1024;
  std::size_t max_header_bytes = 8 * 1024;
  // A whole request (headers and body) must arrive within this, and a
  // response must drain within it: slow clients are cut off, never waited on.
  std::chrono::milliseconds request_timeout{10'000};
  std::size_t max_connections = 256;
  std::size_t max_event_backlog = 64;  // queued SSE events per client before it is dropped as too slow
  // Also how soon an event stream notices its session expired.
  std::chrono::milliseconds event_heartbeat{15'000};
  std::filesystem::path web_dir;  // static pages; empty: none served
};

class HttpServer {
 public:
  HttpServer(boost::asio::io_context& io, HttpServerOptions options, ApiRouter& router, HttpMetrics& metrics);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and starts accepting; throws std::runtime_error naming the address
  // or certificate file when it cannot (a daemon start-up failure).
  void start();
  // Closes the listener and every connection; safe to call twice.
  void stop();
  [[nodiscard]] std::uint16_t port() const;
  // Closes every event stream whose token is no longer let in (call after the
  // staff list changed; expiry is also caught at each heartbeat). Any thread.
  void recheck_streams();
  // Sends one server-sent event to every open /api/v1/events stream. Any thread.
  void publish_event(const std::string& event_name, const std::string& json_data);

  struct State;  // defined in http_server.cpp; shared with live connections

 private:
  std::shared_ptr<State> state_;
};

// Where the static pages are: $SMARTSTORE_WEB_DIR, else the directory recorded
// at build time (the source tree's edge/web, or the packages' install path),
// else, when that is not there, PREFIX/share/smartstore/web beside the
// running program's PREFIX/bin.
[[nodiscard]] std::filesystem::path default_web_dir();

}  // namespace smartstore::edge::http
