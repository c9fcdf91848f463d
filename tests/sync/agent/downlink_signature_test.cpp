// ctest-labels: integration security
// Downlink signatures against a real broker, real HQ publisher and real agent:
// whoever can put a message on a store's downlink (a stolen certificate on a
// broker with a weaker ACL, a compromised broker) still cannot make a kiosk
// apply it without HQ's Ed25519 key.
#include "smartstore/sync/topics.h"
#include "sync/tls_fixture.h"

using namespace smartstore;
using namespace smartstore::testing;
using namespace std::chrono_literals;

namespace {

const std::string kForged = R"({"campaigns":[{"id":"FORGED","discount_pct":90}]})";

std::string topic(std::string_view kind, const std::string& store = "S001") {
  return sync::store_topic(store, sync::Direction::down, kind);
}

// A signed campaigns envelope as HQ sends it, caught on the wire by a raw subscriber.
std::string capture_signed(SyncRig& rig, const std::string& key_file, const std::string& body,
                           const std::string& store) {
  RawClient spy(rig.broker.uri());
  spy.cli.start_consuming();
  spy.cli.subscribe(topic("campaigns", store), 1)->wait();
  REQUIRE(sync::publish_document(rig.publisher(), store, "campaigns", body, key_file).has_value());
  auto got = spy.cli.try_consume_message_for(5s);
  REQUIRE(got);
  return got->get_payload_str();
}

}  // namespace

TEST_CASE("signed downlink: HQ's signature is required, checked and counted") {
  TempDir keys;
  REQUIRE(provision(keys / "hq", "S001"));
  REQUIRE(provision(keys / "attacker", "S001"));  // a key pair HQ never had
  SyncRig rig(SyncRig::Hq::answered_by_test);
  auto o = rig.options();
  o.hq_public_key_files = {keys / "hq" / "hq-ed25519.pub"};
  auto& agent = rig.start_agent(o);
  REQUIRE(wait_until([&] { return agent.stats().connected; }, 10s));

  // Signed with HQ's key: applied.
  REQUIRE(sync::publish_document(rig.publisher(), "S001", "campaigns", R"({"campaigns":[{"id":"WINTER"}]})",
                                 keys / "hq" / "hq-ed25519.key")
              .has_value());
  REQUIRE(wait_until([&] { return rig.kiosk.meta("campaigns").find("WINTER") != std::string::npos; }, 5s));

  RawClient attacker(rig.broker.uri());
  // No signature at all, on a document and on the worker's own messages.
  attacker.send(topic("campaigns"), peer_envelope("S001", "campaigns", nlohmann::json::parse(kForged)));
  attacker.send(topic("event-acks"), peer_envelope("S001", "event-acks", {{"event_ids", {"e1"}}}));
  // Signed, but with a key HQ does not hold (published straight to the kiosk).
  capture_signed(rig, (keys / "attacker" / "hq-ed25519.key").string(), kForged, "S001");
  // HQ's genuine signature over another body: the body swapped in transit.
  const auto hq_key = (keys / "hq" / "hq-ed25519.key").string();
  auto genuine =
      nlohmann::json::parse(capture_signed(rig, hq_key, R"({"campaigns":[{"id":"WINTER"}]})", "S001"));
  genuine["body"] = nlohmann::json::parse(kForged);
  attacker.send(topic("campaigns"), genuine.dump());
  // Another store's genuine message replayed here: the store id is signed too.
  auto other = nlohmann::json::parse(capture_signed(rig, hq_key, kForged, "S002"));
  other["store_id"] = "S001";
  attacker.send(topic("campaigns"), other.dump());

  CHECK(wait_until([&] { return agent.stats().downlink_unverified >= 5; }, 5s));
  std::this_thread::sleep_for(300ms);
  CHECK(agent.stats().downlink_unverified == 5);
  CHECK(rig.kiosk.meta("campaigns").find("FORGED") == std::string::npos);
  CHECK(rig.kiosk.meta("campaigns").find("WINTER") != std::string::npos);
  CHECK(agent.metrics_text().find("smartstore_sync_downlink_unverified_total{store=\"S001\"} 5") !=
        std::string::npos);
}

TEST_CASE("signed downlink: during a key rollover the kiosk accepts the old and the new HQ key") {
  TempDir keys;
  REQUIRE(provision(keys / "old", "S001"));
  REQUIRE(provision(keys / "new", "S001"));
  SyncRig rig(SyncRig::Hq::answered_by_test);
  auto o = rig.options();
  o.hq_public_key_files = {keys / "old" / "hq-ed25519.pub", keys / "new" / "hq-ed25519.pub"};
  auto& agent = rig.start_agent(o);
  REQUIRE(wait_until([&] { return agent.stats().connected; }, 10s));
  for (const char* generation : {"old", "new"}) {
    auto body = std::string(R"({"campaigns":[{"id":")") + generation + R"("}]})";
    REQUIRE(sync::publish_document(rig.publisher(), "S001", "campaigns", body,
                                   keys / generation / "hq-ed25519.key")
                .has_value());
    CHECK(wait_until([&] { return rig.kiosk.meta("campaigns").find(generation) != std::string::npos; }, 5s));
  }
  CHECK(agent.stats().downlink_unverified == 0);
}

TEST_CASE("signed downlink: a key file that does not load trusts nothing") {
  TempDir keys;
  REQUIRE(provision(keys / "hq", "S001"));
  SyncRig rig(SyncRig::Hq::answered_by_test);
  auto o = rig.options();
  o.hq_public_key_files = {keys / "missing.pub"};
  auto& agent = rig.start_agent(o);
  REQUIRE(wait_until([&] { return agent.stats().connected; }, 10s));
  REQUIRE(sync::publish_document(rig.publisher(), "S001", "campaigns", R"({"campaigns":[{"id":"WINTER"}]})",
                                 keys / "hq" / "hq-ed25519.key")
              .has_value());
  CHECK(wait_until([&] { return agent.stats().downlink_unverified == 1; }, 5s));
  CHECK(rig.kiosk.meta("campaigns").find("WINTER") == std::string::npos);
}

TEST_CASE("signed downlink: HQ does not publish with a signing key that does not load") {
  TempDir tmp;
  sync::BrokerOptions b{"tcp://127.0.0.1:1", "hq-pub", {}, {}, {}, 1000ms};
  auto published = sync::publish_document(b, "S001", "campaigns", R"({"campaigns":[]})", tmp / "nope.key");
  REQUIRE_FALSE(published.has_value());
  CHECK(published.error().message().find("nope.key") != std::string::npos);
}
