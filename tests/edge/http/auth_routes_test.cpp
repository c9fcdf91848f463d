// ctest-labels: unit security
// PIN sign-in as a guesser would try it: from one address with a PIN of their
// own to reset the count, from many addresses against one colleague, and
// measuring the answer's cost to learn which staff ids exist.
#include <doctest/doctest.h>

#include "edge/http/router_rig.h"

using namespace smartstore;
using namespace smartstore::edge;
using namespace smartstore::edge::http;
using smartstore::testing::RouterRig;

TEST_CASE("a PIN the guesser knows does not clear their address's failures") {
  RouterRig s;
  for (int i = 0; i < 4; ++i) CHECK(s.pin("lee", "00000" + std::to_string(i), "10.0.0.7") == 401);
  CHECK(s.pin("park", "111111", "10.0.0.7") == 200);  // the guesser's own PIN
  CHECK(s.pin("lee", "000009", "10.0.0.7") == 401);   // the fifth failure locks the address
  CHECK(s.pin("lee", "482913", "10.0.0.7") == 429);
}

TEST_CASE("wrong PINs for one staff id from many addresses lock that id, not the others") {
  RouterRig s;
  for (int i = 0; i < 5; ++i)
    CHECK(s.pin("lee", "00000" + std::to_string(i), "10.0.1." + std::to_string(i)) == 401);
  // Even the right PIN from a fresh address waits now; a colleague is unaffected.
  CHECK(s.pin("lee", "482913", "10.0.2.1") == 429);
  CHECK(s.pin("park", "111111", "10.0.2.1") == 200);
  // Unknown ids lock the same way, so a 429 does not tell an id exists.
  for (int i = 0; i < 5; ++i)
    CHECK(s.pin("ghost", "00000" + std::to_string(i), "10.0.3." + std::to_string(i)) == 401);
  CHECK(s.pin("ghost", "000000", "10.0.4.1") == 429);
}

TEST_CASE("an unknown staff id costs the same PBKDF2 work as a known one") {
  // Counted in iterations, not timed: CPU time on a shared CI machine is noise.
  RouterRig s(200'000);
  CHECK(s.staff.pin_check_cost("lee") == 200'000);
  CHECK(s.staff.pin_check_cost("nobody") == s.staff.pin_check_cost("lee"));
  // Both are refused alike over HTTP.
  CHECK(s.pin("lee", "000000", "10.0.5.1") == 401);
  CHECK(s.pin("nobody", "000000", "10.0.5.2") == 401);
}

TEST_CASE("the decoy follows the dearest PIN when the staff list changes") {
  RouterRig s(1000);
  s.staff.replace_staff({smartstore::testing::pin_staff("kim", "222222", 5000),
                         smartstore::testing::pin_staff("han", "333333", 3000)});
  CHECK(s.staff.pin_check_cost("lee") == 5000);  // no longer listed: an unknown id now
  CHECK(s.staff.pin_check_cost("ghost") == 5000);
  CHECK(s.staff.pin_check_cost("han") == 3000);
}

// Each role's doors, tried with the other roles' tokens. The handlers never
// run for a refused role, so a made-up member number or coupon is enough.
TEST_CASE("a display token follows events only: no profile, no note, no redemption, no scan") {
  RouterRig s;
  const std::string display = RouterRig::display_token;
  const std::string member = "/api/v1/customers/4111111111111111";
  CHECK(s.call("GET", member, display).status == 403);
  CHECK(s.call("POST", member + "/notes", display, R"({"remarks":"x"})").status == 403);
  CHECK(s.call("POST", "/api/v1/coupons/redeem", display, R"({"code":"SC1.X"})").status == 403);
  CHECK(s.call("POST", "/api/v1/scans", display, R"({"text":"4111111111111111"})").status == 403);
  CHECK(s.call("POST", "/api/v1/auth/pairing-codes", display).status == 403);
  CHECK(s.call("GET", "/api/v1/events", display).event_stream);
  auto who = nlohmann::json::parse(s.call("GET", "/api/v1/auth/whoami", display).body);
  CHECK(who["role"] == "display");
}

TEST_CASE("only a till redeems; a till reads no profile and writes no note") {
  RouterRig s;
  const std::string staff = s.session("lee", "482913");
  REQUIRE_FALSE(staff.empty());
  const std::string till = RouterRig::till_token;
  auto refused = s.call("POST", "/api/v1/coupons/redeem", staff, R"({"code":"SC1.X"})");
  CHECK(refused.status == 403);
  CHECK(nlohmann::json::parse(refused.body)["error"] == "forbidden");
  CHECK(s.call("POST", "/api/v1/coupons/redeem", till, R"({"code":"hello"})").status == 400);  // let in
  CHECK(s.call("GET", "/api/v1/customers/4111111111111111", till).status == 403);
  CHECK(s.call("POST", "/api/v1/customers/4111111111111111/notes", till, R"({"remarks":"x"})").status == 403);
  CHECK(s.call("GET", "/api/v1/events", till).status == 403);
  CHECK(s.call("GET", "/api/v1/customers/4111111111111111", staff).status == 200);
  // A refused role is not a failed sign-in: the till's address is not locked out.
  for (int i = 0; i < 6; ++i) CHECK(s.call("GET", "/api/v1/events", till).status == 403);
  CHECK(s.call("POST", "/api/v1/coupons/redeem", till, R"({"code":"hello"})").status == 400);
}

TEST_CASE("the event stream takes its token from the header only, never the URL") {
  RouterRig s;
  const std::string display = RouterRig::display_token;
  CHECK(s.call("GET", "/api/v1/events?access_token=" + display, "").status == 401);
}

TEST_CASE("a pairing code from a staff tablet pairs one screen, once") {
  RouterRig s;
  const std::string staff = s.session("lee", "482913");
  auto issued = s.call("POST", "/api/v1/auth/pairing-codes", staff);
  REQUIRE(issued.status == 201);
  const auto code = nlohmann::json::parse(issued.body)["code"].get<std::string>();
  const std::string body = R"({"code":")" + code + R"("})";
  auto paired = s.call("POST", "/api/v1/auth/pair", "", body);
  REQUIRE(paired.status == 200);
  auto session = nlohmann::json::parse(paired.body);
  CHECK(session["role"] == "display");
  CHECK(session["staff_id"] == "lee");
  const auto screen = session["token"].get<std::string>();
  CHECK(s.call("GET", "/api/v1/customers/4111111111111111", screen).status == 403);
  CHECK(s.call("GET", "/api/v1/events", screen).event_stream);
  CHECK(s.call("POST", "/api/v1/auth/pair", "", body).status == 401);  // used
  CHECK(s.call("POST", "/api/v1/auth/pairing-codes", staff, R"({"role":"till"})").status == 403);
  CHECK(s.call("POST", "/api/v1/auth/pairing-codes", RouterRig::till_token).status == 403);
}

TEST_CASE("guessing pairing codes from many addresses locks pairing for everyone") {
  RouterRig s;
  const std::string staff = s.session("lee", "482913");
  auto issued = s.call("POST", "/api/v1/auth/pairing-codes", staff);
  const auto code = nlohmann::json::parse(issued.body)["code"].get<std::string>();
  const std::string wrong = code == "000000" ? "000001" : "000000";
  for (int i = 0; i < 5; ++i)
    CHECK(s.call("POST", "/api/v1/auth/pair", "", R"({"code":")" + wrong + R"("})",
                 "10.0.7." + std::to_string(i))
              .status == 401);
  // Even the right code, from a fresh address, waits now.
  CHECK(s.call("POST", "/api/v1/auth/pair", "", R"({"code":")" + code + R"("})", "10.0.8.1").status == 429);
}
