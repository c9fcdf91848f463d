#pragma once
// A deliberately raw HTTP/1.1 client over loopback TCP for the edge HTTP
// tests and bench: it sends exactly the bytes given (malformed, pipelined,
// half-sent) and reads what comes back, which a proper client library would
// not allow.
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace smartstore::testing {

// A connected socket to 127.0.0.1:port; throws std::runtime_error when refused.
[[nodiscard]] int connect_loopback(std::uint16_t port);
// False when the peer closed before everything was sent (a 413 does that):
// what it answered is still there to read.
bool send_all(int fd, std::string_view data);
// Reads until the peer closes, `until` appears, or the timeout passes.
[[nodiscard]] std::string read_some(int fd, std::chrono::milliseconds timeout, std::string_view until = "");
// True when the peer closed the connection within the timeout.
[[nodiscard]] bool peer_closed(int fd, std::chrono::milliseconds timeout);
// Connect, send, read until the server closes (or 5 s), close.
[[nodiscard]] std::string http_exchange(std::uint16_t port, std::string_view request);
// Status code of a raw response, -1 when it is not one.
[[nodiscard]] int status_of(std::string_view raw_response);

// One keep-alive connection issuing requests one after another and reading
// each Content-Length-framed response (the bench's load client).
class KeepAliveClient {
 public:
  explicit KeepAliveClient(std::uint16_t port);
  ~KeepAliveClient();
  KeepAliveClient(const KeepAliveClient&) = delete;
  KeepAliveClient& operator=(const KeepAliveClient&) = delete;

  // Status code of the response to `request`; throws when the connection drops.
  int call(std::string_view request);
  // The last response's body.
  [[nodiscard]] const std::string& body() const { return body_; }

 private:
  int fd_ = -1;
  std::string buf_;
  std::string body_;
};

}  // namespace smartstore::testing
