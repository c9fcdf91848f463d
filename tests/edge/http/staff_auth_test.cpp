#include <doctest/doctest.h>

#include "smartstore/edge/http/staff_auth.h"

using namespace smartstore::edge::http;
using namespace std::chrono_literals;

namespace {
const std::string kToken = "7f3c0a1e9b2d4c6e8a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f";

std::string staff_toml() {
  return "[[staff]]\nid = \"kim\"\ntoken_sha256 = \"" + sha256_hex(kToken) +
         "\"\n\n[[staff]]\nid = \"lee\"\npin_salt = \"salt-lee-0001\"\npin_iterations = 1000\npin_hash = \"" +
         pbkdf2_sha256_hex("482913", "salt-lee-0001", 1000) + "\"\n";
}
// The staff id a token authenticates as, "" when refused.
std::string id_of(const std::optional<Caller>& caller) {
  return caller ? caller->staff_id : std::string();
}
}  // namespace

TEST_CASE("sha256 and PBKDF2 match the published test vectors") {
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  // RFC 7914 section 11 (PBKDF2-HMAC-SHA256, P="passwd", S="salt", c=1), first 32 bytes.
  CHECK(pbkdf2_sha256_hex("passwd", "salt", 1) ==
        "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc");
}

TEST_CASE("staff file: tokens and PINs load; every bad field is named with its line") {
  auto ok = parse_staff_toml(staff_toml(), "staff.toml");
  REQUIRE(ok);
  REQUIRE(ok->size() == 2);
  CHECK((*ok)[1].pin_iterations == 1000);

  auto bad =
      parse_staff_toml("[[staff]]\nid = \"a\"\ntoken_sha256 = \"XYZ\"\n[[staff]]\nid = \"a\"\npin_hash = \"" +
                           std::string(64, 'a') + "\"\nshoe_size = 3\n[[staff]]\nid = \"c\"\n",
                       "staff.toml");
  REQUIRE_FALSE(bad);
  CHECK(bad.error().kind() == smartstore::ErrorKind::invalid_input);
  CHECK(bad.error().message() == "staff.toml: 5 problems");
  std::string all;
  for (const auto& line : problem_lines(bad.error())) all += line + "\n";
  CHECK(all.find("staff.toml:1: staff[0].token_sha256: expected 64 lower-case hex digits") !=
        std::string::npos);
  CHECK(all.find("staff[1].pin_salt: expected at least 8 characters") != std::string::npos);
  CHECK(all.find("staff.toml:7: staff[1].shoe_size: unknown key") != std::string::npos);
  CHECK(all.find("staff[1].id: duplicate \"a\"") != std::string::npos);
  CHECK(all.find("staff[2]: needs token_sha256 or pin_hash") != std::string::npos);
  auto broken = parse_staff_toml("[[staff]\n", "s.toml");
  REQUIRE_FALSE(broken);
  CHECK(problem_lines(broken.error()).at(0).rfind("s.toml:1: ", 0) == 0);
  auto missing = load_staff_file("/nonexistent/staff.toml");
  REQUIRE_FALSE(missing);
  CHECK(missing.error().message() == "/nonexistent/staff.toml: cannot read");
}

TEST_CASE("bearer tokens authenticate their staff; a PIN buys a session that expires") {
  auto load = parse_staff_toml(staff_toml(), "staff.toml");
  REQUIRE(load);
  StaffAuthority auth(*load, SessionOptions{.session_ttl = 30min});
  const auto t0 = SteadyClock::now();
  CHECK(id_of(auth.authenticate(kToken, t0)) == "kim");
  CHECK_FALSE(auth.authenticate(kToken + "0", t0));
  CHECK_FALSE(auth.authenticate("", t0));
  CHECK_FALSE(auth.authenticate(sha256_hex(kToken), t0));  // the stored hash is not a credential

  CHECK_FALSE(auth.sign_in_with_pin("lee", "000000", t0));
  CHECK_FALSE(auth.sign_in_with_pin("kim", "482913", t0));  // kim has no PIN
  auto session = auth.sign_in_with_pin("lee", "482913", t0);
  REQUIRE(session);
  CHECK(session->token.size() == 64);
  CHECK(session->expires_in == 30min);
  CHECK(id_of(auth.authenticate(session->token, t0 + 29min)) == "lee");
  CHECK_FALSE(auth.authenticate(session->token, t0 + 31min));

  // Removing a staff member ends their sessions at once.
  auto again = auth.sign_in_with_pin("lee", "482913", t0);
  REQUIRE(again);
  auth.replace_staff({(*load)[0]});
  CHECK_FALSE(auth.authenticate(again->token, t0 + 1min));
  CHECK(auth.authenticate(kToken, t0 + 1min));
}

TEST_CASE("failed attempts lock a client out for a while, others are unaffected") {
  FailedAttemptLimiter limiter(AttemptLimitOptions{.max_failures = 3, .window = 60s, .lockout = 120s});
  const auto t0 = SteadyClock::now();
  CHECK(limiter.retry_after("10.0.0.5", t0) == 0s);
  CHECK(limiter.record_failure("10.0.0.5", t0).failures == 1);
  CHECK(limiter.record_failure("10.0.0.5", t0 + 1s).failures == 2);
  CHECK(limiter.retry_after("10.0.0.5", t0 + 1s) == 0s);
  CHECK(limiter.record_failure("10.0.0.5", t0 + 2s).failures == 3);
  CHECK(limiter.retry_after("10.0.0.5", t0 + 2s) == 120s);
  CHECK(limiter.retry_after("10.0.0.6", t0 + 2s) == 0s);
  CHECK(limiter.retry_after("10.0.0.5", t0 + 123s) == 0s);
  // Failures older than the window do not add up.
  CHECK(limiter.record_failure("10.0.0.7", t0).failures == 1);
  CHECK(limiter.record_failure("10.0.0.7", t0 + 61s).failures == 1);
  limiter.record_success("10.0.0.7");
  CHECK(limiter.record_failure("10.0.0.7", t0 + 62s).failures == 1);
}

TEST_CASE("each further lockout of a key lasts twice as long, up to the cap, until the key is quiet") {
  FailedAttemptLimiter limiter(
      AttemptLimitOptions{.max_failures = 2, .window = 60s, .lockout = 60s, .max_lockout = 300s});
  auto t = SteadyClock::now();
  std::vector<long> lockouts;
  for (int round = 0; round < 5; ++round) {
    (void)limiter.record_failure("staff id lee", t);
    auto second = limiter.record_failure("staff id lee", t);
    lockouts.push_back(second.locked_for.count());
    t += second.locked_for + 1s;
  }
  CHECK(lockouts == std::vector<long>{60, 120, 240, 300, 300});
  // Quiet for the cap: the next lockout is short again.
  t += 301s;
  (void)limiter.record_failure("staff id lee", t);
  CHECK(limiter.record_failure("staff id lee", t).locked_for == 60s);
}

TEST_CASE("the limiter's memory is bounded under a spray of addresses") {
  FailedAttemptLimiter limiter(AttemptLimitOptions{.max_failures = 2, .max_tracked_clients = 16});
  const auto t0 = SteadyClock::now();
  for (int i = 0; i < 1000; ++i) (void)limiter.record_failure("10.1." + std::to_string(i), t0);
  // The newest client is still tracked: a second failure locks it.
  (void)limiter.record_failure("10.1.999", t0);
  CHECK(limiter.retry_after("10.1.999", t0) > 0s);
}
