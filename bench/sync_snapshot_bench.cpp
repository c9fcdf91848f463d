// Snapshot apply: 1,000,000 generated profiles in the snapshot format, over a
// kiosk already holding the previous 1,000,000, taken the agent's way in a
// process of its own (smartstore-apply-probe, tests/support/apply_probe.h):
// each chunk staged on disk and hash-checked (SnapshotStage), then applied
// from the staged files through edge's KioskStore with the daemon's store
// options (DownlinkPort: validate and index every line, stage into the
// inactive table in key order, swap) — next to a bare SQLite bulk insert of
// the same rows (key, JSON line) into a fresh table, one transaction, one
// prepared statement, in the same run. The bare insert in key order is
// reported too: the apply stages in key order, so that is its floor. A thread
// scanning members of the old snapshot during the apply measures how long a
// scan can stall behind a staging batch, and the child's VmHWM over the
// stage and apply is the store apply's own peak memory (the bench itself
// holds the generated snapshot, ~450 MB). The real smartstored's peak over a
// snapshot received from a broker is the snapshot_apply_daemon bench's.
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <thread>

#include "bench_registry.h"
#include "smartstore/edge/store/kiosk_store.h"
#include "smartstore/models/snapshot_format.h"
#include "support/apply_probe.h"

namespace {
using namespace smartstore;
using namespace smartstore::bench;

struct Generated {
  models::SnapshotManifest manifest;
  std::vector<std::string> chunks;
};

// HQ's snapshot directory of n generated profiles (tests/support/apply_probe.h)
// and its chunks read back into memory for the baselines.
Generated generate(const std::filesystem::path& dir, std::size_t n) {
  Generated g;
  g.manifest = testing::apply_probe::write_generated_snapshot(dir, n, 5'000, "bench", 2);
  for (const auto& c : g.manifest.chunks) {
    std::ifstream in(dir / models::chunk_file_name(c.index), std::ios::binary);
    g.chunks.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
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
    check(sqlite3_exec(db, "CREATE UNIQUE INDEX profiles_key ON profiles (member_key)", nullptr, nullptr,
                       nullptr),
          db, "index");
  check(sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr), db, "commit");
  sqlite3_close(db);
  return seconds_since(t0);
}

// Runs smartstore-apply-probe (built next to this bench) and returns its JSON.
nlohmann::json run_probe(const std::filesystem::path& dir, const std::filesystem::path& snapshot,
                         std::size_t scan_members) {
  const auto program =
      std::filesystem::read_symlink("/proc/self/exe").parent_path() / "smartstore-apply-probe";
  const std::string db = (dir / "kiosk.db").string(), staging = (dir / "staging").string(),
                    snap = snapshot.string(), members = std::to_string(scan_members),
                    out = (dir / "probe.json").string();
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    ::execl(program.c_str(), program.c_str(), db.c_str(), staging.c_str(), snap.c_str(), members.c_str(),
            out.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  std::ifstream in(out);
  if (!in)
    throw std::runtime_error(program.string() + " wrote no results (exit status " + std::to_string(status) +
                             ")");
  auto j = nlohmann::json::parse(in);
  if (!j.at("error").get<std::string>().empty())
    throw std::runtime_error("apply probe: " + j.at("error").get<std::string>());
  return j;
}

SMARTSTORE_BENCH("sync_snapshot") {
  const std::size_t n = ctx.quick ? 50'000 : 1'000'000;
  const auto dir = std::filesystem::path(ctx.scratch_dir);
  Generated g = generate(dir / "hq", n);

  const double bare_s = bare_insert(dir / "bare.db", g, BareOrder::received);
  const double bare_sorted_s = bare_insert(dir / "bare-sorted.db", g, BareOrder::sorted);
  const double bare_index_after_s = bare_insert(dir / "bare-index-after.db", g, BareOrder::index_after);

  // The kiosk already holds the previous snapshot of the same members
  // (version 1, the same bytes), as a store receiving its nightly one does.
  {
    edge::store::StoreOptions so;  // what smartstored opens (edge/src/daemon_components.cpp)
    so.store_id = "S001";
    edge::store::KioskStore store(dir / "kiosk.db", so);
    auto v1 = g.manifest;
    v1.version = 1;
    if (!store.downlink().apply_snapshot(v1, g.chunks)) throw std::runtime_error("apply: old snapshot");
  }
  g = Generated{};  // the child reads HQ's files; nothing of the snapshot need stay here
  const auto r = run_probe(dir, dir / "hq", n);
  if (r.at("profiles").get<std::uint64_t>() != n) throw std::runtime_error("apply: wrong profile count");
  if (r.at("scan_missed").get<bool>())
    throw std::runtime_error("scan probe: a member of both snapshots went missing during the apply");
  const double stage_s = r.at("stage_s").get<double>(), apply_s = r.at("apply_s").get<double>();
  const double total_s = stage_s + apply_s;
  const auto scans = r.at("scan_ms").get<std::vector<double>>();
  const auto idle_scans = r.at("idle_scan_ms").get<std::vector<double>>();
  std::fprintf(stderr, "sync_snapshot: %zu scans during the apply, peak %.1f MiB (idle %.1f MiB)\n",
               scans.size(), r.at("peak_rss_mib").get<double>(), r.at("idle_rss_mib").get<double>());

  const std::string size = ctx.quick ? "50k" : "1m";
  return {{"snapshot_apply_" + size + "_s", total_s, "s", bare_s, "bare SQLite insert, one transaction"},
          {"snapshot_apply_vs_sorted_s", total_s, "s", bare_sorted_s, "bare SQLite insert in key order"},
          {"snapshot_bare_index_after_s", bare_index_after_s, "s", bare_sorted_s,
           "bare insert in key order, keyed table (value: keyless + CREATE UNIQUE INDEX)"},
          {"snapshot_stage_s", stage_s, "s", bare_s, "bare SQLite insert, one transaction"},
          {"snapshot_apply_store_s", apply_s, "s", bare_s, "bare SQLite insert, one transaction"},
          {"snapshot_apply_probe_peak_rss_mib", r.at("peak_rss_mib").get<double>(), "mib",
           r.at("idle_rss_mib").get<double>(), "the same process idle with the old snapshot (VmRSS)"},
          {"snapshot_apply_scan_p99_ms", percentile(scans, 99), "ms", percentile(idle_scans, 99),
           "scan p99, idle second before"},
          {"snapshot_apply_scan_max_ms", percentile(scans, 100), "ms", percentile(idle_scans, 100),
           "slowest scan, idle second before"}};
}

}  // namespace
