#pragma once
// Shared pieces of the sync integration tests: a broker, HQ ingest, a kiosk
// store and an agent wired together (SyncRig), a raw MQTT peer, polling and
// snapshot builders.
#include <doctest/doctest.h>
#include <mqtt/async_client.h>
#include <sqlite3.h>

#include <chrono>
#include <ctime>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <thread>

#include "smartstore/models/snapshot_format.h"
#include "smartstore/sync/agent.h"
#include "smartstore/sync/envelope.h"
#include "smartstore/sync/hq.h"
#include "sqlite_ports.h"
#include "support/mosquitto_broker.h"
#include "support/test_paths.h"

namespace smartstore::testing {

inline bool wait_until(const std::function<bool()>& pred, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (pred()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  return pred();
}

// Synthetic profiles with valid member keys (sha256 of a counter; never a real number).
inline std::vector<models::CustomerProfile> make_profiles(std::size_t n, const std::string& tag = "p") {
  std::vector<models::CustomerProfile> out(n);
  for (std::size_t i = 0; i < n; ++i) {
    auto& p = out[i];
    p.member_key = models::sha256_hex(tag + std::to_string(i));
    p.gender = i % 2 ? "F" : "M";
    p.age_band = "30s";
    p.tier = i % 3 ? "butterfly" : "star";
    p.segment = "Gold";
    p.preferences = {{"여성의류", 88.5, 3}, {"식품", 40.0, 1}};
    p.total_spend_krw = static_cast<std::int64_t>(1000 * i);
  }
  return out;
}

// The same snapshot directory models::write_snapshot makes, written with plain
// string formatting so 100,000 profiles take well under a second even in Debug.
inline models::SnapshotManifest write_fast_snapshot(const std::filesystem::path& dir,
                                                    const std::string& store, std::int64_t version,
                                                    std::size_t n, std::size_t per_chunk = 5000,
                                                    const std::string& tag = "p") {
  std::filesystem::create_directories(dir);
  models::SnapshotManifest m;
  m.store_id = store;
  m.version = version;
  m.created_at = "2026-11-20T01:00:00Z";
  m.record_count = n;
  for (std::size_t start = 0, idx = 0; start < n || (n == 0 && idx == 0); ++idx) {
    std::string bytes;
    std::size_t end = std::min(n, start + per_chunk);
    for (std::size_t i = start; i < end; ++i)
      bytes += "{\"key\":\"" + models::sha256_hex(tag + std::to_string(i)) +
               "\",\"gender\":\"F\",\"age\":\"30s\",\"tier\":\"star\",\"segment\":\"Gold\","
               "\"prefs\":[{\"c\":\"food\",\"i\":40.0,\"n\":1}],\"spend\":" +
               std::to_string(1000 * i) + "}\n";
    write_file(dir / models::chunk_file_name(static_cast<std::uint32_t>(idx)), bytes);
    m.chunks.push_back({static_cast<std::uint32_t>(idx), end - start, models::sha256_hex(bytes)});
    start = end;
    if (n == 0) break;
  }
  m.checksum = models::manifest_checksum(m.chunks);
  write_file(dir / "manifest.json", models::encode_manifest(m));
  return m;
}

inline std::string member_key_of(std::size_t i, const std::string& tag = "p") {
  return models::sha256_hex(tag + std::to_string(i));
}

inline std::int64_t hq_count(const std::filesystem::path& db, const std::string& sql) {
  sqlite3* h = nullptr;
  if (sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(h);
    return -1;
  }
  sqlite3_busy_timeout(h, 2000);
  sqlite3_stmt* s = nullptr;
  std::int64_t v = -1;
  if (sqlite3_prepare_v2(h, sql.c_str(), -1, &s, nullptr) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
    v = sqlite3_column_int64(s, 0);
  sqlite3_finalize(s);
  sqlite3_close(h);
  return v;
}

inline sync::AgentOptions agent_options(const std::string& uri, const std::filesystem::path& staging,
                                        const std::string& store = "S001") {
  sync::AgentOptions o;
  o.broker.uri = uri;
  o.broker.client_id = store + "-K1";
  o.store_id = store;
  o.staging_dir = staging;
  o.batch_size = 200;
  o.uplink_interval = std::chrono::milliseconds(100);
  o.reconnect_min = std::chrono::milliseconds(100);
  o.reconnect_max = std::chrono::milliseconds(1000);
  o.chunk_request_after = std::chrono::milliseconds(1000);
  o.chunk_in_flight_after = std::chrono::milliseconds(1000);  // tests send chunks that never come
  o.resend_unacked_after = std::chrono::seconds(3);
  o.nightly_hour = 24;       // never on its own: tests call close_day()
  o.allow_plaintext = true;  // the test broker is plain TCP
  return o;
}

inline sync::IngestOptions ingest_options(const std::string& uri, const std::filesystem::path& db,
                                          const std::filesystem::path& snapshots = {}) {
  sync::IngestOptions o;
  o.broker.uri = uri;
  o.broker.client_id = "hq-ingest-1";
  o.db = db;
  o.snapshots_root = snapshots;
  return o;
}

inline std::string today_utc() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

// An envelope as the other side of the broker (or a hostile client) sends it.
inline std::string peer_envelope(const std::string& store, std::string_view type, const nlohmann::json& body,
                                 const std::string& schema = "1.0") {
  return nlohmann::json{{"schema", schema},     {"message_id", sync::new_message_id()},
                        {"store_id", store},    {"created_at", "2026-11-23T00:00:00Z"},
                        {"content_type", type}, {"body", body}}
      .dump();
}

// An uplink `events` envelope carrying one coupon_issued event.
inline std::string one_event_envelope(const std::string& store, const std::string& event_id) {
  nlohmann::json ev = {{"event_id", event_id},
                       {"type", "coupon_issued"},
                       {"day", "2026-11-23"},
                       {"created_at", "2026-11-23T09:00:00Z"},
                       {"payload", "{}"}};
  return peer_envelope(store, "events", {{"events", {ev}}});
}

// A plain MQTT client for publishing what neither agent nor HQ would.
struct RawClient {
  explicit RawClient(const std::string& uri)
      : cli(uri, "raw-" + sync::new_message_id().substr(0, 8), mqtt::create_options(MQTTVERSION_3_1_1, 1000),
            nullptr) {
    cli.connect(mqtt::connect_options_builder().clean_session(true).finalize())->wait();
  }
  ~RawClient() { cli.disconnect()->wait(); }
  RawClient(const RawClient&) = delete;
  RawClient& operator=(const RawClient&) = delete;
  void send(const std::string& topic, const std::string& payload) {
    cli.publish(topic, payload, 1, false)->wait();
  }
  mqtt::async_client cli;
};

// One store's sync against a real broker: HQ ingest into tmp/hq.db (unless
// `hq` is false), the test's kiosk store, and its agent once started. The
// agent stops before ingest, and both before the broker.
struct SyncRig {
  enum class Hq {
    ingest,            // HQ ingest runs, into tmp/hq.db or hq_db
    answered_by_test,  // no ingest: the test answers as HQ
  };
  // hq_snapshots: where ingest answers chunk requests from; hq_db: another
  // file or a postgresql:// URL.
  explicit SyncRig(Hq hq = Hq::ingest, const std::filesystem::path& hq_snapshots = {},
                   const std::string& hq_db = {}) {
    if (hq != Hq::ingest) return;
    auto io = ingest_options(broker.uri(), this->hq_db(), hq_snapshots);
    if (!hq_db.empty()) io.db = hq_db;
    ingest = std::make_unique<sync::Ingest>(io);
    auto started = ingest->start();
    REQUIRE_MESSAGE(started.has_value(), started.error().message());
  }
  ~SyncRig() {
    if (agent) agent->stop();
    if (ingest) ingest->stop();
  }
  SyncRig(const SyncRig&) = delete;
  SyncRig& operator=(const SyncRig&) = delete;

  [[nodiscard]] sync::AgentOptions options() const { return agent_options(broker.uri(), tmp / "staging"); }
  sync::StoreAgent& start_agent() { return start_agent(options()); }
  sync::StoreAgent& start_agent(const sync::AgentOptions& o) {
    agent = std::make_unique<sync::StoreAgent>(o, kiosk, kiosk);
    agent->start();
    return *agent;
  }
  [[nodiscard]] std::filesystem::path hq_db() const { return tmp / "hq.db"; }
  [[nodiscard]] std::int64_t hq(const std::string& sql) const { return hq_count(hq_db(), sql); }
  [[nodiscard]] sync::BrokerOptions publisher() const {
    return {broker.uri(), "hq-pub", {}, {}, {}, std::chrono::milliseconds(5000)};
  }

  TempDir tmp;
  MosquittoBroker broker{tmp / "broker"};
  SqliteKioskStore kiosk{(tmp / "kiosk.db").string()};
  std::unique_ptr<sync::Ingest> ingest;
  std::unique_ptr<sync::StoreAgent> agent;
};

}  // namespace smartstore::testing
