// Snapshot apply: 1,000,000 generated profiles in the snapshot format taken
// the agent's way — each chunk staged on disk and hash-checked (SnapshotStage),
// re-read and verified against the manifest, then applied through edge's
// KioskStore (DownlinkPort: stage into the inactive table, verify, swap) —
// next to a bare SQLite bulk insert of the same rows (key, JSON line) into a
// fresh table, one transaction, one prepared statement, in the same run.
#include <sqlite3.h>

#include <filesystem>
#include <stdexcept>

#include "bench_registry.h"
#include "smartstore/edge/store/kiosk_store.h"
#include "smartstore/models/snapshot_format.h"
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
Generated generate(std::size_t n, std::size_t per_chunk) {
  Generated g;
  g.manifest.store_id = "S001";
  g.manifest.version = 2;
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
      p.member_key = models::sha256_hex("bench" + std::to_string(i));
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

// The floor: the same rows, already split into key and line, one transaction.
double bare_insert(const std::filesystem::path& file, const Generated& g) {
  auto t0 = std::chrono::steady_clock::now();
  sqlite3* db = nullptr;
  check(sqlite3_open(file.c_str(), &db), db, "open");
  for (const char* sql : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL",
                          "CREATE TABLE profiles (member_key TEXT PRIMARY KEY, body TEXT NOT NULL)", "BEGIN"})
    check(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), db, sql);
  sqlite3_stmt* ins = nullptr;
  check(sqlite3_prepare_v2(db, "INSERT INTO profiles VALUES (?1, ?2)", -1, &ins, nullptr), db, "prepare");
  for (const auto& chunk : g.chunks) {
    std::string_view rest(chunk);
    while (!rest.empty()) {
      auto nl = rest.find('\n');
      std::string_view line = rest.substr(0, nl);
      rest.remove_prefix(nl == std::string_view::npos ? rest.size() : nl + 1);
      // "{"key":"<64 hex>",...": the key is at a fixed offset in HQ's encoding.
      auto k = line.find("\"key\":\"");
      if (k == std::string_view::npos) throw std::runtime_error("bare insert: no key in a line");
      sqlite3_bind_text(ins, 1, line.data() + k + 7, 64, SQLITE_STATIC);
      sqlite3_bind_text(ins, 2, line.data(), static_cast<int>(line.size()), SQLITE_STATIC);
      check(sqlite3_step(ins), db, "insert");
      sqlite3_reset(ins);
    }
  }
  sqlite3_finalize(ins);
  check(sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr), db, "commit");
  sqlite3_close(db);
  return seconds_since(t0);
}

SMARTSTORE_BENCH("sync_snapshot") {
  const std::size_t n = ctx.quick ? 50'000 : 1'000'000;
  const auto dir = std::filesystem::path(ctx.scratch_dir);
  Generated g = generate(n, 5'000);

  const double bare_s = bare_insert(dir / "bare.db", g);

  edge::store::StoreOptions so{"S001", 500'000, 30, true};
  edge::store::KioskStore store(dir / "kiosk.db", so);
  auto t0 = std::chrono::steady_clock::now();
  sync::detail::SnapshotStage stage(dir / "staging");
  stage.put_manifest(g.manifest, g.manifest_text);
  for (std::size_t i = 0; i < g.chunks.size(); ++i) {
    auto error = stage.put_chunk(2, static_cast<std::uint32_t>(i), g.manifest.chunks[i].sha256, g.chunks[i]);
    if (!error.empty()) throw std::runtime_error("stage: " + error);
  }
  const double staged_s = seconds_since(t0);
  auto complete = stage.take_if_complete(2);
  if (!complete) throw std::runtime_error("stage: snapshot incomplete");
  const double verified_s = seconds_since(t0);
  auto outcome = store.apply_snapshot(complete->manifest, complete->chunks);
  if (!outcome.applied) throw std::runtime_error("apply: " + outcome.error);
  stage.remove(2);
  const double total_s = seconds_since(t0);
  if (store.profile_count() != n) throw std::runtime_error("apply: wrong profile count");

  const std::string name = ctx.quick ? "snapshot_apply_50k_s" : "snapshot_apply_1m_s";
  return {{name, total_s, "s", bare_s, "bare SQLite insert, one transaction"},
          {"snapshot_stage_verify_s", verified_s, "s", staged_s, "of which staging chunk files"},
          {"snapshot_apply_store_s", total_s - verified_s, "s", bare_s, "bare SQLite insert, one transaction"}};
}

}  // namespace
