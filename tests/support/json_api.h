#pragma once
// One staff-authenticated JSON call to a kiosk over a fresh loopback
// connection, for the tests that drive a real smartstored (and kill it).
#include <chrono>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

namespace smartstore::testing {

struct JsonReply {
  // -1 when no complete answer came: refused, or cut before the whole body
  // arrived (a SIGKILL mid-answer) — never counted as an acknowledgement.
  int status = -1;
  std::string raw;
  nlohmann::json body;
};

[[nodiscard]] JsonReply json_call(std::uint16_t port, const std::string& method, const std::string& target,
                                  const std::string& bearer_token, const std::string& body = "",
                                  const std::string& extra_headers = "",
                                  std::chrono::milliseconds timeout = std::chrono::seconds(5));

}  // namespace smartstore::testing
