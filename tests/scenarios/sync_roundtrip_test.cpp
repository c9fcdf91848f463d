// ctest-labels: integration
// The store agent over edge's real KioskStore: a snapshot from HQ lands in the
// profile cache scans read, and an erasure request comes back acknowledged.
#include "smartstore/edge/store/kiosk_store.h"
#include "sync/sync_fixture.h"

using namespace smartstore;
using namespace smartstore::testing;
using namespace std::chrono_literals;

TEST_CASE("sync over edge's KioskStore: snapshot applied and readable, erasure acknowledged to HQ") {
  TempDir tmp;
  MosquittoBroker broker(tmp / "broker");
  sync::Ingest ingest(ingest_options(broker.uri(), tmp / "hq.db"));
  REQUIRE(ingest.start().has_value());
  edge::store::StoreOptions so;
  so.store_id = "S001";
  so.synchronous_full = false;
  edge::store::KioskStore store(tmp / "kiosk.db", so);
  sync::StoreAgent agent(agent_options(broker.uri(), tmp / "staging"), store.outbox(), store.downlink());
  agent.start();
  REQUIRE(wait_until([&] { return agent.stats().connected; }, 10s));

  write_fast_snapshot(tmp / "snap", "S001", 3, 2000, 500);
  sync::BrokerOptions hq{broker.uri(), "hq-pub", {}, {}, {}, 5000ms};
  REQUIRE(sync::publish_snapshot(hq, "S001", tmp / "snap").has_value());
  REQUIRE(wait_until([&] { return store.downlink().snapshot_version() == 3; }, 20s));
  CHECK(store.profiles().count() == 2000);
  auto p = store.profiles().find(member_key_of(1234));
  REQUIRE(p);
  CHECK(p->total_spend_krw == 1'234'000);
  CHECK(wait_until(
      [&] { return hq_count(tmp / "hq.db", "SELECT MAX(version) FROM snapshot_acks WHERE applied=1") == 3; },
      5s));

  std::string key = member_key_of(7);
  REQUIRE(sync::publish_document(hq, "S001", "erasures",
                                 R"({"request_id":"ER-1","member_keys":[")" + key + R"("]})")
              .has_value());
  REQUIRE(wait_until([&] { return !store.profiles().find(key); }, 10s));
  CHECK(store.profiles().count() == 1999);
  CHECK(wait_until(
      [&] { return hq_count(tmp / "hq.db", "SELECT COUNT(*) FROM events WHERE type='erasure_done'") == 1; },
      10s));
  CHECK(wait_until([&] { return store.outbox().depth() == 0; }, 10s));
  agent.stop();
  ingest.stop();
}
