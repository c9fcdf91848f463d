// ctest-labels: integration
// Faults against a real mosquitto: bad downlink input, corrupted and dropped
// chunks, a broker restart mid-uplink, duplicate delivery, gaps found by the
// day-close. Each ends with HQ holding every event exactly once.
#include <nlohmann/json.hpp>

#include "smartstore/sync/day_close.h"
#include "smartstore/sync/envelope.h"
#include "smartstore/sync/topics.h"
#include "sync/sync_fixture.h"

using namespace smartstore;
using namespace smartstore::testing;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

std::string envelope(const std::string& store, std::string_view type, const json& body,
                     const std::string& schema = "1.0") {
  return peer_envelope(store, type, body, schema);
}

std::string down(std::string_view kind) {
  return sync::store_topic("S001", sync::Direction::down, kind);
}

}  // namespace

TEST_CASE(
    "bad downlink input is refused and the cache unchanged; corrupted and missing chunks are re-requested") {
  // HQ's answering directory starts empty: requests fail until the snapshot is there.
  TempDir hq_snapshots;
  SyncRig rig(SyncRig::Hq::ingest, hq_snapshots.path());
  auto& tmp = rig.tmp;
  auto& kiosk = rig.kiosk;
  auto opts = rig.options();
  opts.limits.max_chunk_bytes = 64 * 1024;
  auto& agent = rig.start_agent(opts);
  REQUIRE(wait_until([&] { return agent.stats().connected; }, 10s));

  write_fast_snapshot(tmp / "v1", "S001", 1, 300, 100, "a");
  REQUIRE(sync::publish_snapshot(rig.publisher(), "S001", tmp / "v1").has_value());
  REQUIRE(wait_until([&] { return kiosk.snapshot_version() == 1; }, 10s));
  REQUIRE(kiosk.count("SELECT COUNT(*) FROM profiles") == 300);

  RawClient raw(rig.broker.uri());
  raw.send(down("campaigns"), "{\"schema\": \"1.0\", broken");
  raw.send(down("campaigns"), envelope("S001", "campaigns", {{"campaigns", {{"id", "V2"}}}}, "2.0"));
  raw.send(down("campaigns"), envelope("S002", "campaigns", {{"campaigns", {{"id", "OTHER"}}}}));
  raw.send(down("snapshot-chunk"), envelope("S001", "snapshot-chunk",
                                            {{"version", 5},
                                             {"index", 0},
                                             {"sha256", models::sha256_hex(std::string(100'000, 'x'))},
                                             {"data", std::string(100'000, 'x')}}));
  REQUIRE(wait_until([&] { return agent.stats().downlink_rejected == 4; }, 5s));
  CHECK(kiosk.meta("campaigns").empty());
  CHECK(kiosk.snapshot_version() == 1);
  CHECK(kiosk.count("SELECT COUNT(*) FROM profiles") == 300);
  CHECK_FALSE(std::filesystem::exists(tmp / "staging" / "v5"));
  CHECK(agent.stats().last_rejection.find("exceeds the limit") != std::string::npos);
  CHECK(agent.metrics_text().find("smartstore_sync_downlink_rejected_total{store=\"S001\"} 4\n") !=
        std::string::npos);

  // v2: chunk 1 never sent, chunk 2 corrupted in transit.
  auto m2 = write_fast_snapshot(tmp / "v2", "S001", 2, 400, 100, "b");
  raw.send(down("snapshot-manifest"),
           envelope("S001", "snapshot-manifest", {{"manifest", read_file(tmp / "v2" / "manifest.json")}}));
  for (std::uint32_t i : {0u, 2u, 3u}) {
    std::string data = read_file(tmp / "v2" / models::chunk_file_name(i));
    if (i == 2) data[10] ^= 0x20;
    raw.send(down("snapshot-chunk"),
             envelope("S001", "snapshot-chunk",
                      {{"version", 2}, {"index", i}, {"sha256", m2.chunks[i].sha256}, {"data", data}}));
  }
  REQUIRE(wait_until([&] { return agent.stats().chunk_requests >= 2; },
                     5s));               // corrupt at once, missing after 1 s
  CHECK(kiosk.snapshot_version() == 1);  // old snapshot kept while incomplete
  CHECK(kiosk.count("SELECT COUNT(*) FROM profiles WHERE member_key='" + member_key_of(0, "a") + "'") == 1);
  CHECK(agent.metrics_text().find("smartstore_sync_snapshot_lag_versions{store=\"S001\"} 1\n") !=
        std::string::npos);

  // HQ now holds v2: ingest answers the next re-request from it.
  std::filesystem::copy(tmp / "v2", hq_snapshots / "S001");
  REQUIRE(wait_until([&] { return kiosk.snapshot_version() == 2; }, 10s));
  CHECK(kiosk.count("SELECT COUNT(*) FROM profiles") == 400);
  CHECK(kiosk.count("SELECT COUNT(*) FROM profiles WHERE member_key='" + member_key_of(0, "a") + "'") == 0);
  CHECK(rig.ingest->stats().chunk_requests_answered >= 1);
  CHECK(
      wait_until([&] { return rig.hq("SELECT MAX(version) FROM snapshot_acks WHERE applied=1") == 2; }, 5s));
}

TEST_CASE("broker restart mid-uplink, duplicate delivery and day-close gaps: nothing lost, nothing doubled") {
  SyncRig rig;
  auto& tmp = rig.tmp;
  auto& broker = rig.broker;
  auto& kiosk = rig.kiosk;
  auto& ingest = *rig.ingest;
  const std::string d1 = "2026-11-21", d2 = "2026-11-22";  // the store was offline across midnight
  kiosk.enqueue_many("S001-d1", 20'000, "coupon_issued", d1);
  kiosk.enqueue_many("S001-d2", 5'000, "staff_note", d2);
  auto opts = rig.options();
  opts.batch_size = 100;
  auto& agent = rig.start_agent(opts);

  REQUIRE(wait_until([&] { return agent.stats().events_sent >= 2000; }, 20s));
  broker.stop();
  std::this_thread::sleep_for(1500ms);
  CHECK(kiosk.count("SELECT COUNT(*) FROM outbox WHERE state<2") > 0);
  broker.start();
  REQUIRE(
      wait_until([&] { return kiosk.count("SELECT COUNT(*) FROM outbox WHERE state=2") == 25'000; }, 40s));
  // Counted from Paho's callbacks: the outage is seen even when a publish was
  // blocked through it.
  CHECK(agent.stats().connection_losses >= 1);
  CHECK(agent.stats().reconnects >= 1);
  CHECK(agent.metrics_text().find("smartstore_sync_reconnects_total{store=\"S001\"} 0\n") ==
        std::string::npos);
  CHECK(hq_count(tmp / "hq.db", "SELECT COUNT(*) FROM events") == 25'000);

  // A redelivered batch: stored once, counted as duplicates.
  RawClient raw(broker.uri());
  json events = json::array();
  for (const auto& e : kiosk.event_ids_of_day(d2, "staff_note")) {
    if (events.size() == 50) break;
    events.push_back({{"event_id", e},
                      {"seq", 0},
                      {"type", "staff_note"},
                      {"day", d2},
                      {"created_at", d2 + "T10:00:00Z"},
                      {"payload", "{}"}});
  }
  raw.send(sync::store_topic("S001", sync::Direction::up, "events"),
           envelope("S001", "events", {{"events", events}}));
  REQUIRE(wait_until([&] { return ingest.stats().duplicates_dropped >= 50; }, 5s));

  // HQ lost 30 of day 1's events: the day-close finds and resends them.
  {
    sqlite3* h = nullptr;
    sqlite3_open((tmp / "hq.db").c_str(), &h);
    sqlite3_busy_timeout(h, 2000);
    sqlite3_exec(h,
                 "DELETE FROM events WHERE event_id IN (SELECT event_id FROM events WHERE day='2026-11-21' "
                 "ORDER BY event_id DESC LIMIT 30)",
                 nullptr, nullptr, nullptr);
    sqlite3_close(h);
  }
  REQUIRE(hq_count(tmp / "hq.db", "SELECT COUNT(*) FROM events") == 24'970);
  agent.close_day(d1);
  agent.close_day(d2);
  REQUIRE(wait_until([&] { return hq_count(tmp / "hq.db", "SELECT COUNT(*) FROM events") == 25'000; }, 10s));
  CHECK(agent.stats().events_resent >= 30);

  for (const auto& [day, type, n, dups] :
       {std::tuple{d1, "coupon_issued", 20'000ull, 0ull}, {d2, "staff_note", 5'000ull, 50ull}}) {
    auto r = sync::build_report(tmp / "hq.db", day);
    REQUIRE(r);
    REQUIRE(r->stores.size() == 1);
    CHECK(r->stores[0].events_by_type.at(type) == n);
    CHECK(r->stores[0].events_total == n);
    CHECK(r->stores[0].gaps == 0);
    CHECK(r->stores[0].day_closed);
    CHECK(r->stores[0].duplicates_dropped >= dups);
  }
}

TEST_CASE("a day-close answer confirms only the events the day-close counted, not those journalled since") {
  SyncRig rig(SyncRig::Hq::answered_by_test);
  auto& kiosk = rig.kiosk;
  const std::string day = "2026-11-21", control_day = "2026-11-20";
  kiosk.enqueue_many("S001-a", 5, "coupon_issued", day);
  kiosk.enqueue_many("S001-c", 3, "coupon_issued", control_day);
  auto opts = rig.options();
  opts.uplink_interval = 60s;  // one drain at start, then only when woken
  opts.resend_unacked_after = 600s;
  rig.start_agent(opts);
  // No HQ ingest here: the test answers as HQ. All eight are published and
  // wait for HQ's acknowledgement.
  REQUIRE(wait_until([&] { return kiosk.count("SELECT COUNT(*) FROM outbox WHERE state=1") == 8; }, 10s));
  const auto counted = kiosk.event_ids_of_day(day, "coupon_issued");
  // Journalled after the day-close was sent, while its answer is on the way.
  kiosk.enqueue("S001-a-late", "coupon_issued", day);

  auto answer = [](const std::string& d, json entry) {
    entry["type"] = "coupon_issued";
    return envelope("S001", "day-close-answer", {{"day", d}, {"types", json::array({entry})}});
  };
  RawClient hq(rig.broker.uri());
  // An answer without the digest it matched (an HQ before this fix) confirms nothing.
  hq.send(down("day-close-answer"), answer(day, {{"count", 5}, {"match", true}}));
  // HQ matched the five the day-close counted; the sixth is not in that set.
  hq.send(down("day-close-answer"),
          answer(day, {{"count", 5}, {"match", true}, {"ids_sha256", sync::day_ids_digest(counted)}}));
  // Control, sent last on the same topic (delivered in order): an unchanged set is confirmed.
  const auto control = kiosk.event_ids_of_day(control_day, "coupon_issued");
  hq.send(
      down("day-close-answer"),
      answer(control_day, {{"count", 3}, {"match", true}, {"ids_sha256", sync::day_ids_digest(control)}}));
  REQUIRE(wait_until([&] { return kiosk.count("SELECT COUNT(*) FROM outbox WHERE state=2") == 3; }, 10s));
  CHECK(kiosk.count("SELECT COUNT(*) FROM outbox WHERE day='2026-11-20' AND state=2") == 3);
  // The late event was never published, so nothing may mark it acknowledged.
  CHECK(kiosk.count("SELECT state FROM outbox WHERE event_id='S001-a-late'") != 2);
  CHECK(kiosk.count("SELECT COUNT(*) FROM outbox WHERE day='2026-11-21' AND state=2") == 0);
}

TEST_CASE("a missing chunk is not re-requested while the downlink holds; once the link was lost, it is") {
  TempDir hq_snapshots;
  auto m = write_fast_snapshot(hq_snapshots / "S001", "S001", 2, 200, 100);  // 2 chunks
  SyncRig rig(SyncRig::Hq::ingest, hq_snapshots.path());
  auto opts = rig.options();
  opts.chunk_request_after = 500ms;
  opts.chunk_in_flight_after = 1h;  // the link holds: the chunk is on its way however long it takes
  auto& agent = rig.start_agent(opts);
  REQUIRE(wait_until([&] { return agent.stats().connected; }, 10s));

  {  // disconnected before the broker restarts below
    RawClient raw(rig.broker.uri());
    raw.send(down("snapshot-manifest"),
             envelope("S001", "snapshot-manifest",
                      {{"manifest", read_file(hq_snapshots / "S001" / "manifest.json")}}));
    raw.send(down("snapshot-chunk"),
             envelope("S001", "snapshot-chunk",
                      {{"version", 2},
                       {"index", 0},
                       {"sha256", m.chunks[0].sha256},
                       {"data", read_file(hq_snapshots / "S001" / models::chunk_file_name(0))}}));
  }
  REQUIRE(wait_until([&] { return agent.stats().chunks_received == 1; }, 5s));
  std::this_thread::sleep_for(2s);  // four times chunk_request_after
  CHECK(agent.stats().chunk_requests == 0);
  CHECK(rig.kiosk.snapshot_version() == 0);

  // The broker restarts: what was on its way may be gone, so the store asks
  // after chunk_request_after, and HQ sends the chunk it never sent before.
  rig.broker.stop();
  rig.broker.start();
  REQUIRE(wait_until([&] { return rig.kiosk.snapshot_version() == 2; }, 20s));
  CHECK(agent.stats().chunk_requests >= 1);
  CHECK(rig.ingest->stats().chunks_not_resent == 0);
}
