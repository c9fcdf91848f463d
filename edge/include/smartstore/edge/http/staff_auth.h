#pragma once
// Who may call the staff API. Long-lived tokens and PINs are stored hashed in
// the staff file (docs/staff-auth.md); a PIN buys a short-lived session token
// that lives only in memory, so a stolen staff file yields no usable secret.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "smartstore/common/result.h"

namespace smartstore::edge::http {

using SteadyClock = std::chrono::steady_clock;

// What a caller may do (docs/staff-auth.md): a display follows the scan
// events, staff read profiles and write notes, a till redeems coupons.
enum class Role : unsigned char { display, staff, till };
[[nodiscard]] std::string_view role_name(Role role);
[[nodiscard]] std::optional<Role> parse_role(std::string_view name);

struct StaffEntry {
  std::string id;
  std::string token_sha256;  // lower-case hex of SHA-256(token), "" when none
  std::string pin_hash;      // lower-case hex of PBKDF2-HMAC-SHA256(pin, salt, iterations), "" when none
  std::string pin_salt;
  unsigned pin_iterations = 100'000;
  Role role = Role::staff;  // staff.toml's `role`, "staff" when absent
};

// The staff list of a staff.toml, or invalid_input whose fields() name every
// problem at once ("staff.toml:3: staff[0].token_sha256" / "expected 64
// lower-case hex digits"); a file with any problem loads nobody.
[[nodiscard]] Result<std::vector<StaffEntry>> load_staff_file(const std::filesystem::path& file);
[[nodiscard]] Result<std::vector<StaffEntry>> parse_staff_toml(std::string_view text,
                                                               std::string_view source_name);

// Lower-case hex helpers, also used by tests and scripts' cross-checks.
[[nodiscard]] std::string sha256_hex(std::string_view data);
[[nodiscard]] std::string pbkdf2_sha256_hex(std::string_view pin, std::string_view salt, unsigned iterations);

struct SessionOptions {
  std::chrono::minutes session_ttl{60};
  // A paired entrance screen runs all day; it is paired again each morning.
  std::chrono::minutes display_session_ttl{16 * 60};
  std::chrono::seconds pairing_code_ttl{120};
  std::size_t max_sessions = 256;      // oldest dropped beyond this
  std::size_t max_pairing_codes = 16;  // outstanding codes; oldest dropped beyond this
};

// Who is calling: the staff entry that vouches for the token and what it may do.
struct Caller {
  std::string staff_id;
  Role role = Role::staff;
};

struct IssuedSession {
  std::string token;  // shown once to the tablet
  std::string staff_id;
  Role role = Role::staff;
  std::chrono::seconds expires_in{0};
};

struct PairingCode {
  std::string code;  // six digits, shown on the issuing tablet, good once
  Role role = Role::display;
  std::chrono::seconds expires_in{0};
};

// Thread-safe: the HTTP server runs on the daemon's io_context but tests and
// benches may call from elsewhere.
class StaffAuthority {
 public:
  explicit StaffAuthority(std::vector<StaffEntry> staff, SessionOptions options = {});

  // Who a bearer token (long-lived or session) belongs to; nullopt when
  // unknown, expired, or its staff entry is gone.
  [[nodiscard]] std::optional<Caller> authenticate(const std::string& bearer_token,
                                                   SteadyClock::time_point now);
  // Session token for a correct staff id + PIN, nullopt otherwise. An unknown
  // id (or one without a PIN) costs the same PBKDF2 work as a known one, so
  // the answer's timing does not say which ids exist.
  [[nodiscard]] std::optional<IssuedSession> sign_in_with_pin(const std::string& staff_id,
                                                              const std::string& pin,
                                                              SteadyClock::time_point now);
  // The PBKDF2 iterations a sign-in attempt for this id spends: an unknown id
  // costs what the dearest real PIN costs.
  [[nodiscard]] unsigned pin_check_cost(const std::string& staff_id) const;
  // A code that buys one session of `role` for the device that types it in
  // (an entrance screen, a second tablet), vouched for by `issuer`. Only staff
  // issue codes, and only for display or staff: never a till's power.
  [[nodiscard]] Result<PairingCode> issue_pairing_code(const Caller& issuer, Role role,
                                                       SteadyClock::time_point now);
  // The session a pairing code buys, once; nullopt for an unknown, used or
  // expired code, or one whose issuer has left the staff list since.
  [[nodiscard]] std::optional<IssuedSession> redeem_pairing_code(const std::string& code,
                                                                 SteadyClock::time_point now);
  // Sessions of staff no longer listed (or listed with another role) end,
  // with their unused pairing codes.
  void replace_staff(std::vector<StaffEntry> staff);
  [[nodiscard]] std::size_t staff_count() const;

 private:
  struct Session {
    Caller caller;
    Role issuer_role = Role::staff;  // the staff entry's role when it was opened
    SteadyClock::time_point expires;
  };
  void set_staff(std::vector<StaffEntry> staff);  // mutex_ held
  // Still vouched for: the staff id is listed, with the role it had.
  [[nodiscard]] bool vouched(const Session& s) const;  // mutex_ held
  IssuedSession open_session(const Caller& caller, Role issuer_role,
                             SteadyClock::time_point now);  // mutex_ held
  // The entry a PIN for this id is checked against (the decoy for unknown ids).
  [[nodiscard]] const StaffEntry& pin_entry(const std::string& staff_id, bool& known) const;  // mutex_ held

  mutable std::mutex mutex_;
  std::vector<StaffEntry> staff_;
  StaffEntry decoy_;  // what an unknown id is checked against
  SessionOptions options_;
  std::map<std::string, Session> sessions_;       // by SHA-256 of the session token
  std::map<std::string, Session> pairing_codes_;  // by SHA-256 of the code; caller = who the session will be
};

struct AttemptLimitOptions {
  unsigned max_failures = 5;  // within the window, per key
  std::chrono::seconds window{60};
  std::chrono::seconds lockout{60};        // the first lockout; each further one doubles
  std::chrono::seconds max_lockout{3600};  // the doubling stops here
  std::size_t max_tracked_clients = 4096;  // bounded memory under a spray of keys
};

struct FailureCount {
  unsigned failures = 0;               // in the current window, this one included
  std::chrono::seconds locked_for{0};  // > 0 when this failure started a lockout
};

// Failed sign-ins per key: a client address, and separately a staff id (so
// guessing one colleague's PIN from many addresses is bounded too). A
// locked-out key is refused before credentials are even checked, so guessing
// costs real time; repeated lockouts back off exponentially until the key has
// stayed quiet for max_lockout after its last lockout ended.
class FailedAttemptLimiter {
 public:
  explicit FailedAttemptLimiter(AttemptLimitOptions options = {});
  // Seconds until the key may try again; 0 when allowed now.
  [[nodiscard]] std::chrono::seconds retry_after(const std::string& key, SteadyClock::time_point now);
  FailureCount record_failure(const std::string& key, SteadyClock::time_point now);
  // Forgets the key's failures. Only for a staff id that proved its PIN: an
  // address must not clear its count by signing in with a PIN it knows.
  void record_success(const std::string& key);

 private:
  struct Record {
    std::vector<SteadyClock::time_point> failures;
    SteadyClock::time_point locked_until{};
    unsigned lockouts = 0;
  };
  void make_room(const std::string& key, SteadyClock::time_point now);  // mutex_ held
  [[nodiscard]] std::chrono::seconds lockout_length(unsigned earlier_lockouts) const;

  std::mutex mutex_;
  AttemptLimitOptions options_;
  std::map<std::string, Record> clients_;
};

}  // namespace smartstore::edge::http
