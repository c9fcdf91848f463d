// ctest-labels: unit security
// Roles in the staff file and pairing codes, attacked directly: a code used
// twice, used late, guessed by a device after its issuer left, or asked for
// by someone who must not hand out sessions.
#include <doctest/doctest.h>

#include "smartstore/edge/http/staff_auth.h"
#include "support/kiosk_fixtures.h"

using namespace smartstore::edge::http;
using namespace std::chrono_literals;
using smartstore::testing::pin_staff;
using smartstore::testing::token_staff;

namespace {

StaffEntry with_role(StaffEntry e, Role role) {
  e.role = role;
  return e;
}

std::vector<StaffEntry> crew() {
  return {pin_staff("lee", "482913", 1000),
          with_role(token_staff("till-1", "till-token-0123456789"), Role::till),
          with_role(token_staff("screen", "display-token-0123456789"), Role::display)};
}

}  // namespace

TEST_CASE("staff.toml: a role per entry, staff when absent, anything else named") {
  const std::string hash = sha256_hex("t");
  auto ok = parse_staff_toml("[[staff]]\nid = \"a\"\ntoken_sha256 = \"" + hash +
                                 "\"\n[[staff]]\nid = \"b\"\nrole = \"till\"\n" + "token_sha256 = \"" + hash +
                                 "1\"\n",
                             "staff.toml");
  CHECK_FALSE(ok);  // the second hash is 65 digits: still checked
  auto good = parse_staff_toml("[[staff]]\nid = \"a\"\ntoken_sha256 = \"" + hash +
                                   "\"\n[[staff]]\nid = \"b\"\nrole = \"till\"\n" + "token_sha256 = \"" +
                                   hash + "\"\n[[staff]]\nid = \"c\"\nrole = \"display\"\n" +
                                   "token_sha256 = \"" + hash + "\"\n",
                               "staff.toml");
  REQUIRE(good);
  CHECK((*good)[0].role == Role::staff);
  CHECK((*good)[1].role == Role::till);
  CHECK((*good)[2].role == Role::display);
  auto bad = parse_staff_toml("[[staff]]\nid = \"a\"\nrole = \"admin\"\ntoken_sha256 = \"" + hash + "\"\n",
                              "staff.toml");
  REQUIRE_FALSE(bad);
  CHECK(problem_lines(bad.error()).at(0) ==
        "staff.toml:3: staff[0].role: expected \"staff\", \"till\" or \"display\"");
}

TEST_CASE("tokens carry their entry's role") {
  StaffAuthority auth(crew());
  const auto t0 = SteadyClock::now();
  CHECK(auth.authenticate("till-token-0123456789", t0)->role == Role::till);
  CHECK(auth.authenticate("display-token-0123456789", t0)->role == Role::display);
  auto session = auth.sign_in_with_pin("lee", "482913", t0);
  REQUIRE(session);
  CHECK(session->role == Role::staff);
  CHECK(auth.authenticate(session->token, t0)->role == Role::staff);
}

TEST_CASE("a pairing code buys one display session, once") {
  StaffAuthority auth(crew(), SessionOptions{.display_session_ttl = 600min, .pairing_code_ttl = 120s});
  const auto t0 = SteadyClock::now();
  auto code = auth.issue_pairing_code(Caller{"lee", Role::staff}, Role::display, t0);
  REQUIRE(code);
  CHECK(code->code.size() == 6);
  CHECK(code->code.find_first_not_of("0123456789") == std::string::npos);
  CHECK(code->expires_in == 120s);
  auto session = auth.redeem_pairing_code(code->code, t0 + 10s);
  REQUIRE(session);
  CHECK(session->role == Role::display);
  CHECK(session->staff_id == "lee");  // vouched for by who paired it
  CHECK(session->expires_in == 600min);
  auto caller = auth.authenticate(session->token, t0 + 20s);
  REQUIRE(caller);
  CHECK(caller->role == Role::display);
  CHECK_FALSE(auth.redeem_pairing_code(code->code, t0 + 11s));  // used
  CHECK_FALSE(auth.authenticate(session->token, t0 + 10s + 600min));
}

TEST_CASE("a pairing code expires, and dies with its issuer") {
  StaffAuthority auth(crew(), SessionOptions{.pairing_code_ttl = 120s});
  const auto t0 = SteadyClock::now();
  auto late = auth.issue_pairing_code(Caller{"lee", Role::staff}, Role::display, t0);
  REQUIRE(late);
  CHECK_FALSE(auth.redeem_pairing_code(late->code, t0 + 121s));

  auto orphan = auth.issue_pairing_code(Caller{"lee", Role::staff}, Role::display, t0);
  auto paired = auth.issue_pairing_code(Caller{"lee", Role::staff}, Role::display, t0);
  REQUIRE(orphan);
  REQUIRE(paired);
  auto screen = auth.redeem_pairing_code(paired->code, t0 + 1s);
  REQUIRE(screen);
  auth.replace_staff({crew()[1], crew()[2]});  // lee leaves
  CHECK_FALSE(auth.redeem_pairing_code(orphan->code, t0 + 2s));
  CHECK_FALSE(auth.authenticate(screen->token, t0 + 2s));  // the screen lee paired stops too
}

TEST_CASE("only staff issue pairing codes, and never for a till") {
  StaffAuthority auth(crew());
  const auto t0 = SteadyClock::now();
  auto by_till = auth.issue_pairing_code(Caller{"till-1", Role::till}, Role::display, t0);
  REQUIRE_FALSE(by_till);
  CHECK(by_till.error().kind() == smartstore::ErrorKind::forbidden);
  CHECK_FALSE(auth.issue_pairing_code(Caller{"screen", Role::display}, Role::display, t0));
  CHECK_FALSE(auth.issue_pairing_code(Caller{"lee", Role::staff}, Role::till, t0));
  CHECK(auth.issue_pairing_code(Caller{"lee", Role::staff}, Role::staff, t0));
}

TEST_CASE("a session ends when its staff entry's role changes") {
  StaffAuthority auth(crew());
  const auto t0 = SteadyClock::now();
  auto session = auth.sign_in_with_pin("lee", "482913", t0);
  REQUIRE(session);
  auth.replace_staff({with_role(pin_staff("lee", "482913", 1000), Role::display)});
  CHECK_FALSE(auth.authenticate(session->token, t0 + 1s));
}
