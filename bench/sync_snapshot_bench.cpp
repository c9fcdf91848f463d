// Snapshot apply: 1,000,000 generated profiles in the snapshot format taken
// the agent's way — each chunk staged on disk and hash-checked (SnapshotStage),
// re-read and verified against the manifest, then applied through edge's
// KioskStore with the daemon's store options (DownlinkPort: validate every
// line, stage into the inactive table, swap) — next to a bare SQLite bulk
// insert of the same rows (key, JSON line) into a fresh table, one
// transaction, one prepared statement, in the same run. The bare insert in
// key order is reported too: the apply stages in key order, so that is its
// floor. A thread scanning the old snapshot during the apply measures how long
// a scan can stall behind a staging batch.
#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <stdexcept>
#include <thread>

#include "bench_registry.h"
#include "smartstore/edge/store/kiosk_store.h"
#include "smartstore/models/snapshot_format.h"
#include "smartstore/sync/agent.h"
#include "sync/src/agent/snapshot_stage.h"

namespace {
using namespace smartstore;
using namespace smartstore::bench;

struct Generated {
  models::SnapshotManifest manifest;
  std::vector<std::string> chunks;
  std::string manifest_text;
};

// Records as HQ's publish writes them (models::encode_profile per line).
Generated generate(std::size_t n, std::size_t per_chunk, const std::string& salt = "bench",
                   std::int64_t version = 2) {
  Generated g;
  g.manifest.store_id = "S001";
  g.manifest.version = version;
  g.manifest.created_at = "2026-11-20T01:00:00Z";
  g.manifest.record_count = n;
  models::CustomerProfile p;
  p.gender = "F";
  p.age_band = "30s";
  p.tier = "star";
  p.grade = "G2";
  p.segment = "Gold";
  p.behaviour_type = "meticulous";
  p.preferences = {{"여성의류", 100, 5}, {"화장품", 71.5, 2}, {"식품", 20, 1}};
  p.next_purchase_date = "2026-12-01";
  p.recommended_categories = {"스포츠패션"};
  for (std::size_t start = 0, idx = 0; start < n; ++idx) {
    std::size_t end = std::min(n, start + per_chunk);
    std::string bytes;
    for (std::size_t i = start; i < end; ++i) {
      p.member_key = models::sha256_hex(salt + std::to_string(i));
      p.total_spend_krw = static_cast<std::int64_t>(1000 * i);
      bytes += models::encode_profile(p);
      bytes += '\n';
    }
    g.manifest.chunks.push_back({static_cast<std::uint32_t>(idx), end - start, models::sha256_hex(bytes)});
    g.chunks.push_back(std::move(bytes));
    start = end;
  }
  g.manifest.checksum = models::manifest_checksum(g.manifest.chunks);
  g.manifest_text = models::encode_manifest(g.manifest);
  return g;
}

void check(int rc, sqlite3* db, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
    throw std::runtime_error(std::string(what) + ": " + sqlite3_errmsg(db));
}

// The same rows, already split into key and line, one transaction: in the
// order received, sorted by key, or into a keyless table indexed afterwards.
enum class BareOrder { received, sorted, index_after };

double bare_insert(const std::filesystem::path& file, const Generated& g, BareOrder order) {
  auto t0 = std::chrono::steady_clock::now();
  std::vector<std::pair<std::string_view, std::string_view>> rows;
  rows.reserve(g.manifest.record_count);
  for (const auto& chunk : g.chunks) {
    std::string_view rest(chunk);
    while (!rest.empty()) {
      auto nl = rest.find('\n');
      std::string_view line = rest.substr(0, nl);
      rest.remove_prefix(nl == std::string_view::npos ? rest.size() : nl + 1);
      // "{"key":"<64 hex>",...": the key is at a fixed offset in HQ's encoding.
      auto k = line.find("\"key\":\"");
      if (k == std::string_view::npos) throw std::runtime_error("bare insert: no key in a line");
      rows.emplace_back(line.substr(k + 7, 64), line);
    }
  }
  if (order == BareOrder::sorted) std::sort(rows.begin(), rows.end());
  const bool keyless = order == BareOrder::index_after;
  sqlite3* db = nullptr;
  check(sqlite3_open(file.c_str(), &db), db, "open");
  for (const char* sql : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL",
                          keyless ? "CREATE TABLE profiles (member_key TEXT NOT NULL, body TEXT NOT NULL)"
                                  : "CREATE TABLE profiles (member_key TEXT PRIMARY KEY, body TEXT NOT NULL)",
                          "BEGIN"})
    check(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), db, sql);
  sqlite3_stmt* ins = nullptr;
  check(sqlite3_prepare_v2(db, "INSERT INTO profiles VALUES (?1, ?2)", -1, &ins, nullptr), db, "prepare");
  for (const auto& [key, line] : rows) {
    sqlite3_bind_text(ins, 1, key.data(), static_cast<int>(key.size()), SQLITE_STATIC);
    sqlite3_bind_text(ins, 2, line.data(), static_cast<int>(line.size()), SQLITE_STATIC);
    check(sqlite3_step(ins), db, "insert");
    sqlite3_reset(ins);
  }
  sqlite3_finalize(ins);
  if (keyless)
    check(sqlite3_exec(db, "CREATE UNIQUE INDEX profiles_key ON profiles (member_key)", nullptr, nullptr, nullptr), db,
          "index");
  check(sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr), db, "commit");
  sqlite3_close(db);
  return seconds_since(t0);
}

// Scans one cached member every millisecond until stopped; the slowest one.
class ScanProbe {
 public:
  ScanProbe(edge::store::KioskStore& store, std::string key)
      : thread_([this, &store, key = std::move(key)] {
          while (!stop_) {
            auto t0 = std::chrono::steady_clock::now();
            if (!store.profiles().find(key)) missed_ = true;
            samples_ms_.push_back(1000 * seconds_since(t0));
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
          }
        }) {}
  ~ScanProbe() { halt(); }
  ScanProbe(const ScanProbe&) = delete;
  ScanProbe& operator=(const ScanProbe&) = delete;
  // Scan latencies (ms); throws if the member was ever missing (it is in both snapshots).
  std::vector<double> stop() {
    halt();
    if (missed_) throw std::runtime_error("scan probe: a member of both snapshots went missing during the apply");
    return samples_ms_;  // the probe thread has ended: no race
  }

 private:
  void halt() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }
  std::atomic<bool> stop_{false};
  std::atomic<bool> missed_{false};
  std::vector<double> samples_ms_;
  std::thread thread_;
};

SMARTSTORE_BENCH("sync_snapshot") {
  const std::size_t n = ctx.quick ? 50'000 : 1'000'000;
  const auto dir = std::filesystem::path(ctx.scratch_dir);
  Generated g = generate(n, 5'000);

  const double bare_s = bare_insert(dir / "bare.db", g, BareOrder::received);
  const double bare_sorted_s = bare_insert(dir / "bare-sorted.db", g, BareOrder::sorted);
  const double bare_index_after_s = bare_insert(dir / "bare-index-after.db", g, BareOrder::index_after);

  // What smartstored opens (edge/src/daemon_components.cpp): default options.
  edge::store::StoreOptions so;
  so.store_id = "S001";
  edge::store::KioskStore store(dir / "kiosk.db", so);
  // A small live snapshot (its members are in the big one too) that the scan
  // probe reads while the big one is applied.
  Generated old = generate(1'000, 1'000, "bench", 1);
  if (!store.downlink().apply_snapshot(old.manifest, old.chunks)) throw std::runtime_error("apply: old snapshot");
  const std::string probe_key = models::sha256_hex("bench7");
  std::vector<double> idle_scans;
  {
    ScanProbe idle(store, probe_key);
    std::this_thread::sleep_for(std::chrono::seconds(1));
    idle_scans = idle.stop();
  }

  ScanProbe probe(store, probe_key);
  auto t0 = std::chrono::steady_clock::now();
  sync::detail::SnapshotStage stage(dir / "staging", sync::AgentOptions{}.max_staging_bytes);
  stage.put_manifest(g.manifest, g.manifest_text);
  for (std::size_t i = 0; i < g.chunks.size(); ++i) {
    auto staged = stage.put_chunk(2, static_cast<std::uint32_t>(i), g.manifest.chunks[i].sha256, g.chunks[i]);
    if (!staged) throw std::runtime_error("stage: " + staged.error().message());
  }
  const double staged_s = seconds_since(t0);
  auto complete = stage.take_if_complete(2);
  if (!complete) throw std::runtime_error("stage: snapshot incomplete");
  const double verified_s = seconds_since(t0);
  auto outcome = store.downlink().apply_snapshot(complete->manifest, complete->chunks);
  if (!outcome) throw std::runtime_error("apply: " + outcome.error().message());
  stage.remove(2);
  const double total_s = seconds_since(t0);
  const auto scans = probe.stop();
  if (store.profiles().count() != n) throw std::runtime_error("apply: wrong profile count");

  const std::string name = ctx.quick ? "snapshot_apply_50k_s" : "snapshot_apply_1m_s";
  return {{name, total_s, "s", bare_s, "bare SQLite insert, one transaction"},
          {"snapshot_apply_vs_sorted_s", total_s, "s", bare_sorted_s, "bare SQLite insert in key order"},
          {"snapshot_bare_index_after_s", bare_index_after_s, "s", bare_sorted_s,
           "bare insert in key order, keyed table (value: keyless + CREATE UNIQUE INDEX)"},
          {"snapshot_stage_verify_s", verified_s, "s", staged_s, "of which staging chunk files"},
          {"snapshot_apply_store_s", total_s - verified_s, "s", bare_s, "bare SQLite insert, one transaction"},
          {"snapshot_apply_scan_p99_ms", percentile(scans, 99), "ms", percentile(idle_scans, 99),
           "scan p99, idle second before"},
          {"snapshot_apply_scan_max_ms", percentile(scans, 100), "ms", percentile(idle_scans, 100),
           "slowest scan, idle second before"}};
}

}  // namespace
