#include "smartstore/edge/http/staff_auth.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <algorithm>
#include <array>

namespace smartstore::edge::http {
namespace {

std::string to_hex(const unsigned char* data, std::size_t n) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out(n * 2, '0');
  for (std::size_t i = 0; i < n; ++i) {
    out[2 * i] = digits[data[i] >> 4];
    out[2 * i + 1] = digits[data[i] & 0x0f];
  }
  return out;
}

// Equal-length hex strings compared without an early exit.
bool same_secret(const std::string& a, const std::string& b) {
  return a.size() == b.size() && !a.empty() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string random_token() {
  std::array<unsigned char, 32> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1)
    throw std::runtime_error("RAND_bytes failed");  // no entropy is truly exceptional
  return to_hex(bytes.data(), bytes.size());
}

}  // namespace

std::string sha256_hex(std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned len = 0;
  EVP_Digest(data.data(), data.size(), md.data(), &len, EVP_sha256(), nullptr);
  return to_hex(md.data(), len);
}

std::string pbkdf2_sha256_hex(std::string_view pin, std::string_view salt, unsigned iterations) {
  std::array<unsigned char, 32> out{};
  PKCS5_PBKDF2_HMAC(pin.data(), static_cast<int>(pin.size()),
                    reinterpret_cast<const unsigned char*>(salt.data()), static_cast<int>(salt.size()),
                    static_cast<int>(iterations), EVP_sha256(), static_cast<int>(out.size()), out.data());
  return to_hex(out.data(), out.size());
}

std::string_view role_name(Role role) {
  switch (role) {
    case Role::display:
      return "display";
    case Role::staff:
      return "staff";
    case Role::till:
      return "till";
  }
  return "staff";
}

std::optional<Role> parse_role(std::string_view name) {
  for (Role r : {Role::display, Role::staff, Role::till})
    if (role_name(r) == name) return r;
  return std::nullopt;
}

StaffAuthority::StaffAuthority(std::vector<StaffEntry> staff, SessionOptions options) : options_(options) {
  set_staff(std::move(staff));
}

void StaffAuthority::set_staff(std::vector<StaffEntry> staff) {
  staff_ = std::move(staff);
  // The decoy costs what the dearest real PIN costs.
  decoy_ = StaffEntry{};
  decoy_.pin_salt = "smartstore-unknown-staff-id";
  unsigned dearest = 0;
  for (const auto& s : staff_)
    if (!s.pin_hash.empty()) dearest = std::max(dearest, s.pin_iterations);
  if (dearest > 0) decoy_.pin_iterations = dearest;
  decoy_.pin_hash = std::string(64, '0');
}

std::optional<Caller> StaffAuthority::authenticate(const std::string& bearer_token,
                                                   SteadyClock::time_point now) {
  if (bearer_token.empty() || bearer_token.size() > 256) return std::nullopt;
  const std::string hashed = sha256_hex(bearer_token);
  std::lock_guard lock(mutex_);
  // Every entry is compared so the time taken does not say which one matched.
  std::optional<Caller> found;
  for (const auto& s : staff_)
    if (same_secret(s.token_sha256, hashed)) found = Caller{s.id, s.role};
  if (found) return found;
  auto it = sessions_.find(hashed);
  if (it == sessions_.end()) return std::nullopt;
  if (it->second.expires <= now || !vouched(it->second)) {
    sessions_.erase(it);
    return std::nullopt;
  }
  return it->second.caller;
}

bool StaffAuthority::vouched(const Session& session) const {
  return std::any_of(staff_.begin(), staff_.end(), [&](const StaffEntry& s) {
    return s.id == session.caller.staff_id && s.role == session.issuer_role;
  });
}

IssuedSession StaffAuthority::open_session(const Caller& caller, Role issuer_role,
                                           SteadyClock::time_point now) {
  const auto ttl = caller.role == Role::display ? options_.display_session_ttl : options_.session_ttl;
  IssuedSession issued{random_token(), caller.staff_id, caller.role, ttl};
  std::erase_if(sessions_, [&](const auto& kv) { return kv.second.expires <= now; });
  while (sessions_.size() >= options_.max_sessions) {
    auto oldest = std::min_element(sessions_.begin(), sessions_.end(), [](const auto& a, const auto& b) {
      return a.second.expires < b.second.expires;
    });
    sessions_.erase(oldest);
  }
  sessions_[sha256_hex(issued.token)] = {caller, issuer_role, now + ttl};
  return issued;
}

std::optional<IssuedSession> StaffAuthority::sign_in_with_pin(const std::string& staff_id,
                                                              const std::string& pin,
                                                              SteadyClock::time_point now) {
  StaffEntry entry;
  bool known = false;
  {
    std::lock_guard lock(mutex_);
    entry = pin_entry(staff_id, known);
  }
  if (pin.empty() || pin.size() > 64) return std::nullopt;
  const bool match =
      same_secret(pbkdf2_sha256_hex(pin, entry.pin_salt, entry.pin_iterations), entry.pin_hash);
  if (!known || !match) return std::nullopt;
  std::lock_guard lock(mutex_);
  return open_session(Caller{entry.id, entry.role}, entry.role, now);
}

const StaffEntry& StaffAuthority::pin_entry(const std::string& staff_id, bool& known) const {
  auto it = std::find_if(staff_.begin(), staff_.end(), [&](const StaffEntry& s) { return s.id == staff_id; });
  known = it != staff_.end() && !it->pin_hash.empty();
  return known ? *it : decoy_;
}

unsigned StaffAuthority::pin_check_cost(const std::string& staff_id) const {
  std::lock_guard lock(mutex_);
  bool known = false;
  return pin_entry(staff_id, known).pin_iterations;
}

void StaffAuthority::replace_staff(std::vector<StaffEntry> staff) {
  std::lock_guard lock(mutex_);
  set_staff(std::move(staff));
  // Sessions (and unused codes) of staff no longer listed, or listed with another role, end now.
  std::erase_if(sessions_, [&](const auto& kv) { return !vouched(kv.second); });
  std::erase_if(pairing_codes_, [&](const auto& kv) { return !vouched(kv.second); });
}

std::size_t StaffAuthority::staff_count() const {
  std::lock_guard lock(mutex_);
  return staff_.size();
}

FailedAttemptLimiter::FailedAttemptLimiter(AttemptLimitOptions options) : options_(options) {}

std::chrono::seconds FailedAttemptLimiter::retry_after(const std::string& key, SteadyClock::time_point now) {
  std::lock_guard lock(mutex_);
  auto it = clients_.find(key);
  if (it == clients_.end() || it->second.locked_until <= now) return std::chrono::seconds(0);
  return std::chrono::ceil<std::chrono::seconds>(it->second.locked_until - now);
}

std::chrono::seconds FailedAttemptLimiter::lockout_length(unsigned earlier_lockouts) const {
  auto length = options_.lockout;
  for (unsigned i = 0; i < earlier_lockouts && length < options_.max_lockout; ++i) length *= 2;
  return std::min(length, options_.max_lockout);
}

void FailedAttemptLimiter::make_room(const std::string& key, SteadyClock::time_point now) {
  if (clients_.size() < options_.max_tracked_clients || clients_.contains(key)) return;
  // Forget keys whose failures all aged out; if none did, the oldest goes.
  std::erase_if(clients_, [&](const auto& kv) {
    return kv.second.locked_until <= now &&
           (kv.second.failures.empty() || kv.second.failures.back() + options_.window <= now);
  });
  if (clients_.size() >= options_.max_tracked_clients) clients_.erase(clients_.begin());
}

FailureCount FailedAttemptLimiter::record_failure(const std::string& key, SteadyClock::time_point now) {
  std::lock_guard lock(mutex_);
  make_room(key, now);
  Record& r = clients_[key];
  if (r.lockouts > 0 && r.locked_until + options_.max_lockout <= now) r.lockouts = 0;  // quiet long enough
  std::erase_if(r.failures, [&](SteadyClock::time_point t) { return t + options_.window <= now; });
  r.failures.push_back(now);
  FailureCount count{static_cast<unsigned>(r.failures.size())};
  if (count.failures >= options_.max_failures) {
    count.locked_for = lockout_length(r.lockouts++);
    r.locked_until = now + count.locked_for;
    r.failures.clear();
  }
  return count;
}

void FailedAttemptLimiter::record_success(const std::string& key) {
  std::lock_guard lock(mutex_);
  clients_.erase(key);
}

}  // namespace smartstore::edge::http
