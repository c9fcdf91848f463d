// ctest-labels: integration
// The catalog arrow, every part real: the generator writes catalog.json from
// its product list -> smartstore-hq catalog publishes it over mosquitto -> the
// store agent applies it -> a shelf product's scan (GS1 Digital Link) and the
// staff API's product lookup show the product's price, the same online and in store.
#include <memory>
#include <nlohmann/json.hpp>

#include "edge/http/router_rig.h"
#include "smartstore/models/generator.h"
#include "smartstore/sync/agent.h"
#include "support/child_process.h"
#include "sync/sync_fixture.h"

using namespace smartstore;
using namespace smartstore::testing;
using namespace std::chrono_literals;
using nlohmann::json;

TEST_CASE("loop: the generator's catalog, published by HQ, prices the kiosk's product scan") {
  TempDir tmp;
  models::GeneratorOptions g;
  g.customers = 100;
  g.days = 30;
  REQUIRE(models::generate_demo_data(g, tmp / "data").has_value());
  const auto first = json::parse(read_file(tmp / "data" / "catalog.json"))["items"][0];
  const std::int64_t price = first["offline_price_krw"];

  MosquittoBroker broker(tmp / "broker");
  RouterRig s1;
  sync::StoreAgent agent(agent_options(broker.uri(), tmp / "staging"), s1.store.outbox(),
                         s1.store.downlink());
  agent.start();
  REQUIRE(wait_until([&] { return agent.stats().connected; }, 10s));
  const auto lee = s1.session("lee", "482913");
  const std::string lookup = "/api/v1/products/8801234567893";
  REQUIRE(s1.call("GET", lookup, lee).status == 404);  // no catalog yet

  ChildProcess publish(
      program("smartstore-hq"),
      {"catalog", "--broker", broker.uri(), "--store", "S001", (tmp / "data" / "catalog.json").string()},
      tmp / "catalog.log");
  REQUIRE(publish.wait(15s) == 0);
  REQUIRE(wait_until([&] { return s1.kiosk.product("8801234567893").has_value(); }, 10s));

  auto r = s1.call("GET", lookup, lee);
  REQUIRE(r.status == 200);
  auto body = json::parse(r.body);
  CHECK(body["product_code"] == "P00000");
  CHECK(body["offline_price_krw"] == price);
  CHECK(body["online_price_krw"] == price);
  CHECK(body["same_price"] == true);
  CHECK(body["app_link"] == first["app_link"]);
  // The shelf's QR code, as the demo shows it to the scanner.
  const auto scan = s1.kiosk.on_scan("https://id.lotte.example/01/08801234567893", edge::Clock::now());
  REQUIRE(scan.product);
  CHECK(scan.product->online_price_krw == price);
  agent.stop();
}
