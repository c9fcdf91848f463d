#include "json_api.h"

#include <unistd.h>

#include <stdexcept>

#include "http_client.h"

namespace smartstore::testing {

namespace {

// Content-Length of a response head, or npos when it has none.
std::size_t content_length(const std::string& raw, std::size_t head_end) {
  for (const char* name : {"Content-Length: ", "content-length: "}) {
    auto at = raw.find(name);
    if (at != std::string::npos && at < head_end) {
      auto from = at + std::char_traits<char>::length(name);
      return std::stoul(raw.substr(from, raw.find("\r\n", from) - from));
    }
  }
  return std::string::npos;
}

}  // namespace

JsonReply json_call(std::uint16_t port, const std::string& method, const std::string& target,
                    const std::string& bearer_token, const std::string& body, const std::string& extra_headers,
                    std::chrono::milliseconds timeout) {
  JsonReply r;
  int fd = -1;
  try {
    fd = connect_loopback(port);
  } catch (const std::runtime_error&) {
    return r;
  }
  std::string request = method + " " + target + " HTTP/1.1\r\nHost: kiosk\r\nConnection: close\r\n" +
                        "Authorization: Bearer " + bearer_token + "\r\nContent-Type: application/json\r\n" +
                        "Content-Length: " + std::to_string(body.size()) + "\r\n" + extra_headers + "\r\n" + body;
  (void)send_all(fd, request);
  r.raw = read_some(fd, timeout);
  ::close(fd);
  auto head_end = r.raw.find("\r\n\r\n");
  if (r.raw.rfind("HTTP/1.1 ", 0) != 0 || head_end == std::string::npos) return r;
  auto length = content_length(r.raw, head_end);
  if (length != std::string::npos && r.raw.size() - head_end - 4 < length) return r;
  r.status = std::stoi(r.raw.substr(9, 3));
  r.body = nlohmann::json::parse(r.raw.substr(head_end + 4), nullptr, false);
  return r;
}

}  // namespace smartstore::testing
