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
