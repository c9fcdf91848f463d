#pragma once
// Whether a listen address stays on this machine. Plain HTTP (no TLS) is
// allowed only there: the kiosk's screens run on the same box, anything
// reachable from the store network must be encrypted.
#include <string_view>

namespace smartstore {

// True for "localhost", any IPv4 address in 127.0.0.0/8 and the IPv6 "::1";
// false for anything else, including names and malformed text.
[[nodiscard]] bool is_loopback_host(std::string_view host);

}  // namespace smartstore
