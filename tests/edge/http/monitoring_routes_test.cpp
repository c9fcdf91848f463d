// ctest-labels: unit security
// /metrics tells how busy the kiosk is and when it last synced: a scraper on
// the kiosk reads it freely, anyone else on the store network needs a token.
#include <doctest/doctest.h>

#include "edge/http/router_rig.h"

using namespace smartstore::edge::http;
using smartstore::testing::RouterRig;

TEST_CASE("metrics from another address need a staff token; loopback and health stay open") {
  RouterRig rig;
  CHECK(rig.get("/metrics", "10.0.0.20").status == 401);
  CHECK(rig.get("/metrics", "127.0.0.1").status == 200);
  CHECK(rig.get("/metrics", "::1").status == 200);
  CHECK(rig.get("/healthz", "10.0.0.20").status == 200);
  auto signed_in = rig.router.handle(
      ApiRequest{"POST", "/api/v1/auth/pin", {}, R"({"staff_id":"lee","pin":"482913"})", "10.0.0.20"});
  REQUIRE(signed_in.status == 200);
  const auto token = nlohmann::json::parse(signed_in.body)["token"].get<std::string>();
  auto scraped = rig.get("/metrics", "10.0.0.20", {{"authorization", "Bearer " + token}});
  CHECK(scraped.status == 200);
  CHECK(scraped.body.find("smartstore_http_requests_total") != std::string::npos);
}
