// ctest-labels: integration security
// TLS + ACL against a real mosquitto, with certificates from
// firmware-config/provision.sh and the shipped firmware-config/mosquitto.acl.
#include "smartstore/sync/topics.h"
#include "sync/tls_fixture.h"

using namespace smartstore;
using namespace smartstore::testing;
using namespace std::chrono_literals;

TEST_CASE("TLS + ACL: a store reads and writes only its own subtree; no certificate, no connection") {
  TempDir tmp;
  auto pki = tmp / "pki";
  REQUIRE(provision(pki, "S001 S002"));
  CHECK((std::filesystem::status(pki / "S001.key").permissions() & std::filesystem::perms::group_read) ==
        std::filesystem::perms::none);
  MosquittoBroker broker(tmp / "broker", shipped_broker_options(pki));

  auto s2 = tls_client(broker.uri(), "S002-K1", pki, "S002");
  auto s1 = tls_client(broker.uri(), "S001-K1", pki, "S001");
  auto hq = tls_client(broker.uri(), "hq-test", pki, "hq");
  s2->start_consuming();
  s1->start_consuming();
  hq->start_consuming();
  s2->subscribe(sync::store_topic("S002", sync::Direction::down, "#"), 1)->wait();
  s1->subscribe(sync::store_topic("S002", sync::Direction::down, "#"), 1)->wait();  // not allowed
  hq->subscribe(sync::all_stores_uplink("#"), 1)->wait();

  {  // S001 cannot read S002's downlink
    hq->publish(sync::store_topic("S002", sync::Direction::down, "campaigns"), std::string("{}"), 1, false)
        ->wait();
    auto got = s2->try_consume_message_for(5s);
    REQUIRE(got);  // the owner receives it: the broker path works
    CHECK(got->get_topic() == "smartstore/v1/stores/S002/down/campaigns");
    CHECK_FALSE(s1->try_consume_message_for(1500ms));
  }
  {  // S001 cannot publish into S002's uplink
    auto s1v5 = tls_client(broker.uri(), "S001-K1-v5", pki, "S001", MQTTVERSION_5);
    CHECK(publish_refused(*s1v5, sync::store_topic("S002", sync::Direction::up, "events"), "{\"forged\":1}"));
    CHECK_FALSE(
        publish_refused(*s1v5, sync::store_topic("S001", sync::Direction::up, "events"), "{\"own\":1}"));
    auto got = hq->try_consume_message_for(5s);
    REQUIRE(got);
    CHECK(got->get_topic() == "smartstore/v1/stores/S001/up/events");  // only its own arrived
    CHECK_FALSE(hq->try_consume_message_for(1000ms));
    s1v5->disconnect()->wait();
  }
  {  // a client without a certificate is refused
    CHECK_THROWS_AS(tls_client(broker.uri(), "anonymous", pki, ""), mqtt::exception);
  }
  for (auto* c : {s1.get(), s2.get(), hq.get()}) c->disconnect()->wait();
}

// A stolen kiosk holds its store's certificate. With write access to its own
// downlink it could acknowledge its neighbours' events (they would never send
// them), rotate the store's coupon key, or announce a snapshot version so high
// that every kiosk ignores real snapshots; with read access to its uplink it
// would read what its neighbours report.
TEST_CASE("ACL attack: a store certificate cannot publish on its own downlink nor read its own uplink") {
  TempDir tmp;
  auto pki = tmp / "pki";
  REQUIRE(provision(pki, "S001"));
  MosquittoBroker broker(tmp / "broker", shipped_broker_options(pki));

  auto victim = tls_client(broker.uri(), "S001-K2", pki, "S001");
  victim->start_consuming();
  victim->subscribe(sync::store_topic("S001", sync::Direction::down, "#"), 1)->wait();
  auto thief = tls_client(broker.uri(), "S001-K1", pki, "S001", MQTTVERSION_5);
  thief->start_consuming();

  const nlohmann::json manifest = {{"manifest", "{\"store_id\":\"S001\",\"version\":9223372036854775807}"}};
  CHECK(publish_refused(*thief, sync::store_topic("S001", sync::Direction::down, "event-acks"),
                        peer_envelope("S001", "event-acks", {{"event_ids", {"e-of-neighbour"}}})));
  CHECK(publish_refused(*thief, sync::store_topic("S001", sync::Direction::down, "coupon-key"),
                        peer_envelope("S001", "coupon-key", {{"key", {{"key_id", 1}, {"key", "AAAA"}}}})));
  CHECK(publish_refused(*thief, sync::store_topic("S001", sync::Direction::down, "snapshot-manifest"),
                        peer_envelope("S001", "snapshot-manifest", manifest)));
  CHECK_FALSE(victim->try_consume_message_for(1500ms));  // nothing forged reached the neighbour

  // Nor can it listen to its neighbours' uplink.
  thief->subscribe(sync::store_topic("S001", sync::Direction::up, "#"), 1)->wait();
  auto neighbour_up = tls_client(broker.uri(), "S001-K2-up", pki, "S001");
  neighbour_up->publish(sync::store_topic("S001", sync::Direction::up, "events"), std::string("{}"), 1, false)
      ->wait();
  CHECK_FALSE(thief->try_consume_message_for(1500ms));

  // HQ still does its part through the same ACL: ingest's shared subscription
  // to every uplink is granted, and its downlink reaches the store.
  auto io = ingest_options(broker.uri(), tmp / "hq.db");
  io.broker = tls_broker(broker.uri(), pki, "hq", "hq-ingest-1");
  sync::Ingest ingest(io);
  auto started = ingest.start();
  REQUIRE_MESSAGE(started.has_value(), (started ? std::string() : started.error().message()));
  neighbour_up
      ->publish(sync::store_topic("S001", sync::Direction::up, "events"), one_event_envelope("S001", "e-1"),
                1, false)
      ->wait();
  CHECK(wait_until([&] { return ingest.stats().events_stored == 1; }, 5s));
  ingest.stop();
  auto hq = tls_client(broker.uri(), "hq-test", pki, "hq");
  hq->publish(sync::store_topic("S001", sync::Direction::down, "campaigns"), std::string("{}"), 1, false)
      ->wait();
  CHECK(victim->try_consume_message_for(5s));
  for (auto* c : {victim.get(), thief.get(), neighbour_up.get(), hq.get()}) c->disconnect()->wait();
}
