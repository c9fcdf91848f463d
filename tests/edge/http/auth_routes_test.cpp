// ctest-labels: unit security
// PIN sign-in as a guesser would try it: from one address with a PIN of their
// own to reset the count, from many addresses against one colleague, and
// timing the answer to learn which staff ids exist.
#include <doctest/doctest.h>

#include <ctime>

#include "edge/http/router_rig.h"

using namespace smartstore;
using namespace smartstore::edge;
using namespace smartstore::edge::http;
using smartstore::testing::RouterRig;

namespace {

double cpu_seconds() {
  return static_cast<double>(std::clock()) / CLOCKS_PER_SEC;
}

}  // namespace

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
  RouterRig s(200'000);  // ~0.1 s of CPU per check: far above the noise of a request
  auto cost = [&](const std::string& id, int n) {
    const double t0 = cpu_seconds();
    for (int i = 0; i < n; ++i)
      CHECK(s.pin(id, "00000" + std::to_string(i), "10.0.5." + std::to_string(i)) == 401);
    return cpu_seconds() - t0;
  };
  const double known = cost("lee", 3);
  const double unknown = cost("nobody", 3);
  INFO("known id: " << known << " s, unknown id: " << unknown << " s");
  CHECK(unknown > 0.5 * known);
}
