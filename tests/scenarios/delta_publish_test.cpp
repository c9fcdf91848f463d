// ctest-labels: integration
// Nightly deltas end to end on a real mosquitto, with edge's KioskStore and
// the store agent: a full snapshot acknowledged, then 2 % of the profiles
// changed and one member erased goes out as a delta, which the kiosk applies
// to exactly the new snapshot. A store that was away while two deltas were
// sent (the second on the version it then held no longer) refuses the second;
// ingest sends it the delta from what it acknowledged, and it ends equal too.
#include "../../sync/src/hq/snapshot_delta.h"
#include "smartstore/edge/store/kiosk_store.h"
#include "sync/sync_fixture.h"

using namespace smartstore;
using namespace smartstore::testing;
using namespace std::chrono_literals;
using Kind = sync::SnapshotPublication::Kind;

namespace {

struct Kiosk {
  Kiosk(const TempDir& tmp, const std::string& store, const std::string& broker_uri)
      : id(store),
        uri(broker_uri),
        staging(tmp / (store + "-staging")),
        db(tmp / (store + ".db"), options(store)) {}
  static edge::store::StoreOptions options(const std::string& store) {
    edge::store::StoreOptions so;
    so.store_id = store;
    so.synchronous_full = false;
    return so;
  }
  void start() {
    agent = std::make_unique<sync::StoreAgent>(agent_options(uri, staging, id), db.outbox(), db.downlink());
    agent->start();
    REQUIRE(wait_until([&] { return agent->stats().connected; }, 10s));
  }
  void stop() {
    agent->stop();
    agent.reset();
  }
  std::string id, uri;
  std::filesystem::path staging;
  edge::store::KioskStore db;
  std::unique_ptr<sync::StoreAgent> agent;
};

// The kiosk holds exactly the snapshot's profiles, each as the batch wrote it.
void check_equal(Kiosk& k, const std::filesystem::path& snapshot_dir) {
  auto snap = sync::detail::read_snapshot_lines(snapshot_dir);
  REQUIRE(snap.has_value());
  CHECK(k.db.profiles().count() == snap->lines.size());
  std::size_t differing = 0;
  for (const auto& l : snap->lines) {
    auto p = k.db.profiles().find(sync::detail::key_hex(l.digest.key));
    if (!p || models::encode_profile(*p) != l.text) ++differing;
  }
  CHECK(differing == 0);
}

std::vector<models::CustomerProfile> night(std::vector<models::CustomerProfile> p, std::int64_t v,
                                           std::size_t changed, std::size_t erase_at) {
  for (std::size_t i = 0; i < changed; ++i)
    p[(i * 37 + static_cast<std::size_t>(v)) % p.size()].total_spend_krw += v;
  p.erase(p.begin() + static_cast<std::ptrdiff_t>(erase_at));
  return p;
}

}  // namespace

TEST_CASE("a delta after an acknowledged snapshot; a store that missed one is caught up by ingest") {
  TempDir tmp;
  MosquittoBroker broker(tmp / "broker");
  const auto db = (tmp / "hq.db").string();
  const auto snaps = tmp / "snapshots";  // <store>/: the newest snapshot, as the nightly points it
  sync::Ingest ingest(ingest_options(broker.uri(), db, snaps));
  REQUIRE(ingest.start().has_value());
  Kiosk s1(tmp, "S001", broker.uri()), s2(tmp, "S002", broker.uri());
  s1.start();
  s2.start();
  sync::BrokerOptions hq{broker.uri(), "", {}, {}, {}, 5000ms};
  auto publish = [&](const std::string& store) {
    auto sent = sync::publish_store_snapshot(hq, store, snaps / store, {db, false, {}});
    REQUIRE(sent.has_value());
    return *sent;
  };
  auto acked = [&](const std::string& store, std::int64_t v) {
    return wait_until(
        [&] {
          return hq_count(tmp / "hq.db",
                          "SELECT MAX(version) FROM snapshot_acks WHERE applied=1 AND store_id='" + store +
                              "'") == v;
        },
        20s);
  };

  // Night 1: both stores get the full snapshot and acknowledge it.
  const auto v1 = make_profiles(2000);
  for (const char* store : {"S001", "S002"}) {
    (void)models::write_snapshot(snaps / store, store, 1, v1, {}, 500);
    CHECK(publish(store).kind == Kind::full);
  }
  REQUIRE(acked("S001", 1));
  REQUIRE(acked("S002", 1));

  // Night 2: 2 % changed, one member erased: a delta, applied to the new snapshot exactly.
  const auto v2 = night(v1, 2, 40, 77);
  (void)models::write_snapshot(snaps / "S001", "S001", 2, v2, {}, 500);
  auto sent = publish("S001");
  REQUIRE(sent.kind == Kind::delta);
  CHECK(sent.base_version == 1);
  CHECK(sent.upserts == 40);
  CHECK(sent.removed == 1);
  CHECK(sent.bytes * 20 < sent.full_bytes);
  REQUIRE(acked("S001", 2));
  CHECK(s1.db.downlink().snapshot_version() == 2);
  CHECK_FALSE(s1.db.profiles().find(v1[77].member_key));
  check_equal(s1, snaps / "S001");

  // S002 is away for two nights: v2 goes out as a delta on v1, and so does
  // v3 (S002 has acknowledged nothing newer). Back, it applies the first and
  // refuses the second; ingest sends it v2 -> v3.
  s2.stop();
  (void)models::write_snapshot(snaps / "S002", "S002", 2, v2, {}, 500);
  CHECK(publish("S002").kind == Kind::delta);
  const auto v3 = night(v2, 3, 40, 5);
  (void)models::write_snapshot(snaps / "S002", "S002", 3, v3, {}, 500);
  auto third = publish("S002");
  CHECK(third.kind == Kind::delta);
  CHECK(third.base_version == 1);
  s2.start();
  REQUIRE(wait_until([&] { return s2.db.downlink().snapshot_version() == 3; }, 30s));
  CHECK(acked("S002", 3));
  CHECK(hq_count(tmp / "hq.db",
                 "SELECT COUNT(*) FROM snapshot_acks WHERE store_id='S002' AND version=3 AND applied=0") >=
        1);
  check_equal(s2, snaps / "S002");
  s1.stop();
  s2.stop();
  ingest.stop();
}
