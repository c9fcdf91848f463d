// ctest-labels: integration
// HQ ingest must hold a store's very first uplink message: one published right
// after ingest said it is started, without any day-close resend to recover it.
// (The demo lost its first uplink because the kiosk published before ingest's
// first SUBSCRIBE reached the broker: with no subscriber yet, mosquitto PUBACKs
// and discards. "started" / "ingest: subscribed" therefore means SUBACKed.)
#include <mqtt/async_client.h>
#include <signal.h>

#include "smartstore/sync/envelope.h"
#include "smartstore/sync/topics.h"
#include "support/child_process.h"
#include "sync/sync_fixture.h"

using namespace smartstore;
using namespace smartstore::testing;
using namespace std::chrono_literals;

TEST_CASE("the first event a store publishes once ingest has started is stored") {
  TempDir tmp;
  MosquittoBroker broker(tmp / "broker");
  sync::Ingest ingest(ingest_options(broker.uri(), tmp / "hq.db"));
  REQUIRE(ingest.start().has_value());
  mqtt::async_client store(broker.uri(), "S001-K1", mqtt::create_options(MQTTVERSION_3_1_1, 100), nullptr);
  store.connect(mqtt::connect_options_builder().clean_session(true).finalize())->wait();
  auto tok = store.publish(sync::store_topic("S001", sync::Direction::up, "events"),
                           one_event_envelope("S001", "first-1"), 1, false);
  REQUIRE(tok->wait_for(5s));
  CHECK(wait_until([&] { return ingest.stats().events_stored == 1; }, 5s));
  CHECK(hq_count(tmp / "hq.db", "SELECT COUNT(*) FROM events WHERE event_id='first-1'") == 1);
  store.disconnect()->wait();
}

TEST_CASE("events published while ingest is down wait in its session") {
  TempDir tmp;
  MosquittoBroker broker(tmp / "broker");
  {
    sync::Ingest ingest(ingest_options(broker.uri(), tmp / "hq.db"));
    REQUIRE(ingest.start().has_value());
    ingest.stop();
  }
  mqtt::async_client store(broker.uri(), "S001-K1", mqtt::create_options(MQTTVERSION_3_1_1, 100), nullptr);
  store.connect(mqtt::connect_options_builder().clean_session(true).finalize())->wait();
  REQUIRE(store
              .publish(sync::store_topic("S001", sync::Direction::up, "events"),
                       one_event_envelope("S001", "while-down"), 1, false)
              ->wait_for(5s));
  sync::Ingest ingest(ingest_options(broker.uri(), tmp / "hq.db"));
  REQUIRE(ingest.start().has_value());
  CHECK(wait_until([&] { return ingest.stats().events_stored == 1; }, 5s));
  store.disconnect()->wait();
}

TEST_CASE("smartstore-hq ingest: a store publishing as soon as it prints 'subscribed' is held") {
  TempDir tmp;
  MosquittoBroker broker(tmp / "broker");
  ChildProcess ingest(
      program("smartstore-hq"),
      {"ingest", "--broker", broker.uri(), "--db", (tmp / "hq.db").string(), "--client-id", "hq-cli"},
      tmp / "ingest.log");
  REQUIRE(ingest.wait_for_log("ingest: subscribed", 15s));
  mqtt::async_client store(broker.uri(), "S001-K1", mqtt::create_options(MQTTVERSION_3_1_1, 100), nullptr);
  store.connect(mqtt::connect_options_builder().clean_session(true).finalize())->wait();
  REQUIRE(store
              .publish(sync::store_topic("S001", sync::Direction::up, "events"),
                       one_event_envelope("S001", "cli-first"), 1, false)
              ->wait_for(5s));
  CHECK(wait_until(
      [&] { return hq_count(tmp / "hq.db", "SELECT COUNT(*) FROM events WHERE event_id='cli-first'") == 1; },
      5s));
  store.disconnect()->wait();
  ingest.signal(SIGTERM);
  CHECK(ingest.wait(5s) == 0);
  CHECK(ingest.log().find("stored 1, duplicates dropped 0") != std::string::npos);
}
