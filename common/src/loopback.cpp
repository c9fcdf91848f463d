#include "smartstore/common/loopback.h"

#include <arpa/inet.h>

#include <array>
#include <string>

namespace smartstore {

bool is_loopback_host(std::string_view host) {
  if (host == "localhost") return true;
  const std::string text(host);
  std::array<unsigned char, 16> bytes{};
  if (::inet_pton(AF_INET, text.c_str(), bytes.data()) == 1) return bytes[0] == 127;
  if (::inet_pton(AF_INET6, text.c_str(), bytes.data()) == 1) {
    for (std::size_t i = 0; i < 15; ++i)
      if (bytes[i] != 0) return false;
    return bytes[15] == 1;
  }
  return false;
}

}  // namespace smartstore
