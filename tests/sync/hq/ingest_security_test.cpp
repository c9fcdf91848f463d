// ctest-labels: integration security
// One store against all of HQ, through a real broker and real ingest: chunk
// requests are capped, de-duplicated and rate-limited per store; a topic's
// store id is checked before HQ uses it in a path; and no store may use HQ's
// own certificate name.
#include <nlohmann/json.hpp>

#include "smartstore/sync/envelope.h"
#include "smartstore/sync/topics.h"
#include "sync/sync_fixture.h"

using namespace smartstore;
using namespace smartstore::testing;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

std::string up(const std::string& store, std::string_view kind) {
  return sync::store_topic(store, sync::Direction::up, kind);
}

// Counts the chunks HQ publishes to S001, by index.
struct ChunkCounter {
  explicit ChunkCounter(const std::string& uri) : raw(uri) {
    raw.cli.set_message_callback([this](mqtt::const_message_ptr m) {
      auto j = json::parse(m->get_payload_str());
      std::lock_guard lock(mu);
      ++by_index[j["body"]["index"].get<std::uint32_t>()];
      ++total;
    });
    raw.cli.subscribe(sync::store_topic("S001", sync::Direction::down, "snapshot-chunk"), 1)->wait();
  }
  std::size_t count() {
    std::lock_guard lock(mu);
    return total;
  }
  std::size_t of(std::uint32_t index) {
    std::lock_guard lock(mu);
    return by_index[index];
  }
  std::mutex mu;
  std::map<std::uint32_t, std::size_t> by_index;
  std::size_t total = 0;
  RawClient raw;
};

}  // namespace

TEST_CASE(
    "a chunk request is de-duplicated, capped and rate-limited per store, and a chunk just sent is not sent "
    "again") {
  TempDir tmp;
  MosquittoBroker broker(tmp / "broker");
  write_fast_snapshot(tmp / "snapshots" / "S001", "S001", 4, 100 * 20, 20);  // 100 chunks
  auto o = ingest_options(broker.uri(), tmp / "hq.db", tmp / "snapshots");
  o.chunks_per_store_per_minute = 80;
  sync::Ingest ingest(o);
  REQUIRE(ingest.start().has_value());
  ChunkCounter seen(broker.uri());
  RawClient store(broker.uri());

  // Chunk 0 named twenty times: served once.
  store.send(up("S001", "chunk-request"),
             peer_envelope("S001", "chunk-request", {{"version", 4}, {"indices", std::vector<int>(20, 0)}}));
  REQUIRE(wait_until([&] { return ingest.stats().chunk_requests_answered == 1; }, 10s));
  std::this_thread::sleep_for(500ms);
  CHECK(seen.of(0) == 1);
  CHECK(seen.count() == 1);

  // Every chunk, many times over, in one request: at most kMaxChunkRequestIndices
  // considered, and chunk 0, sent moments ago, not sent again (still on its way).
  std::vector<int> all;
  for (int round = 0; round < 50; ++round)
    for (int i = 0; i < 100; ++i) all.push_back(i);
  store.send(up("S001", "chunk-request"),
             peer_envelope("S001", "chunk-request", {{"version", 4}, {"indices", all}}));
  REQUIRE(wait_until([&] { return ingest.stats().chunk_requests_answered == 2; }, 10s));
  std::this_thread::sleep_for(500ms);
  CHECK(seen.count() == sync::kMaxChunkRequestIndices);
  CHECK(seen.of(0) == 1);
  CHECK(ingest.stats().chunks_not_resent == 1);

  // The rest, asked for at once: the per-store rate (80 a minute) cuts it short.
  std::vector<int> rest;
  for (int i = static_cast<int>(sync::kMaxChunkRequestIndices); i < 100; ++i) rest.push_back(i);
  store.send(up("S001", "chunk-request"),
             peer_envelope("S001", "chunk-request", {{"version", 4}, {"indices", rest}}));
  REQUIRE(wait_until([&] { return ingest.stats().chunk_requests_answered == 3; }, 10s));
  std::this_thread::sleep_for(500ms);
  CHECK(seen.count() == 80);
  CHECK(ingest.stats().chunk_requests_limited == 1);

  // Another store's events go through meanwhile.
  store.send(up("S002", "events"), one_event_envelope("S002", "e-2"));
  CHECK(wait_until([&] { return ingest.stats().events_stored == 1; }, 5s));
  ingest.stop();
}

TEST_CASE("a topic's store id is checked before use, and HQ's own name is no store's") {
  TempDir tmp;
  MosquittoBroker broker(tmp / "broker");
  // What a path built from ".." would reach: a valid snapshot one level up.
  write_fast_snapshot(tmp / "snapshots", "S001", 4, 10, 10);
  auto o = ingest_options(broker.uri(), tmp / "hq.db", tmp / "snapshots" / "stores");
  sync::Ingest ingest(o);
  REQUIRE(ingest.start().has_value());
  ChunkCounter seen(broker.uri());
  RawClient store(broker.uri());
  for (const std::string& bad :
       std::vector<std::string>{"..", "S 001", "S001'--", std::string(33, 'S'), "hq"}) {
    store.send(up(bad, "events"), one_event_envelope(bad, "e-" + std::to_string(bad.size())));
    store.send(up(bad, "chunk-request"),
               peer_envelope(bad, "chunk-request", {{"version", 4}, {"indices", {0}}}));
  }
  REQUIRE(wait_until([&] { return ingest.stats().messages_rejected == 10; }, 5s));
  store.send(up("S001", "events"), one_event_envelope("S001", "e-ok"));
  REQUIRE(wait_until([&] { return ingest.stats().events_stored == 1; }, 5s));
  CHECK(hq_count(tmp / "hq.db", "SELECT COUNT(*) FROM events") == 1);
  CHECK(ingest.stats().chunk_requests_answered == 0);
  ingest.stop();
}
