// Pairing codes: how an entrance screen (or a second tablet) gets a session
// without anyone typing a PIN on it or a token ever travelling in a URL. A
// signed-in staff member asks for a code, the device sends it back once
// within two minutes, and the session it buys is vouched for by that staff
// member: removing them from the staff file ends it.
#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <stdexcept>

#include "smartstore/edge/http/staff_auth.h"

namespace smartstore::edge::http {
namespace {

constexpr std::uint32_t code_space = 1'000'000;  // six digits

std::string random_code() {
  // Rejection keeps the digits uniform: 4294 * 10^6 is the largest multiple below 2^32.
  constexpr std::uint32_t limit = 4294u * code_space;
  for (;;) {
    std::array<unsigned char, 4> b{};
    if (RAND_bytes(b.data(), static_cast<int>(b.size())) != 1)
      throw std::runtime_error("RAND_bytes failed");  // no entropy is truly exceptional
    const std::uint32_t v = (std::uint32_t{b[0]} << 24) | (std::uint32_t{b[1]} << 16) |
                            (std::uint32_t{b[2]} << 8) | std::uint32_t{b[3]};
    if (v >= limit) continue;
    std::string code = std::to_string(v % code_space);
    return std::string(6 - code.size(), '0') + code;
  }
}

}  // namespace

Result<PairingCode> StaffAuthority::issue_pairing_code(const Caller& issuer, Role role,
                                                       SteadyClock::time_point now) {
  if (issuer.role != Role::staff)
    return fail(ErrorKind::forbidden, "only staff may issue pairing codes", "staff");
  if (role == Role::till)
    return fail(ErrorKind::forbidden, "a pairing code buys a display or staff session, never a till's",
                "staff");
  std::lock_guard lock(mutex_);
  std::erase_if(pairing_codes_, [&](const auto& kv) { return kv.second.expires <= now; });
  while (pairing_codes_.size() >= options_.max_pairing_codes) {
    auto oldest =
        std::min_element(pairing_codes_.begin(), pairing_codes_.end(),
                         [](const auto& a, const auto& b) { return a.second.expires < b.second.expires; });
    pairing_codes_.erase(oldest);
  }
  std::string code;
  do code = random_code();
  while (pairing_codes_.contains(sha256_hex(code)));
  pairing_codes_[sha256_hex(code)] = {Caller{issuer.staff_id, role}, issuer.role,
                                      now + options_.pairing_code_ttl};
  return PairingCode{code, role, options_.pairing_code_ttl};
}

std::optional<IssuedSession> StaffAuthority::redeem_pairing_code(const std::string& code,
                                                                 SteadyClock::time_point now) {
  if (code.size() != 6) return std::nullopt;
  std::lock_guard lock(mutex_);
  auto it = pairing_codes_.find(sha256_hex(code));
  if (it == pairing_codes_.end()) return std::nullopt;
  const Session pending = it->second;
  pairing_codes_.erase(it);  // good once, whatever happens next
  if (pending.expires <= now || !vouched(pending)) return std::nullopt;
  return open_session(pending.caller, pending.issuer_role, now);
}

}  // namespace smartstore::edge::http
