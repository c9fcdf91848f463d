#include "edge_scan_floor.h"

#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <random>
#include <stdexcept>

#include "bench_registry.h"

namespace smartstore::bench {
namespace fs = std::filesystem;
namespace {

void check(int rc, sqlite3* db, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
    throw std::runtime_error(std::string(what) + ": " + sqlite3_errmsg(db));
}

// One step of a statement with no row to keep, then ready for the next use.
void step_once(sqlite3* db, sqlite3_stmt* stmt, const char* what) {
  check(sqlite3_step(stmt), db, what);
  sqlite3_reset(stmt);
}

// Both floors start each scan the same way: the profile row, then the write
// transaction.
std::string look_up_and_begin(sqlite3* db, sqlite3_stmt* lookup, sqlite3_stmt* begin,
                              const std::string& key) {
  sqlite3_bind_text(lookup, 1, key.c_str(), -1, SQLITE_STATIC);
  check(sqlite3_step(lookup), db, "lookup");
  std::string found(reinterpret_cast<const char*>(sqlite3_column_text(lookup, 0)));
  sqlite3_reset(lookup);
  step_once(db, begin, "begin");
  return found;
}

// Ids shaped like the shipped ones (random coupon ids and codes, so index
// inserts land at random as theirs do; time-ordered event ids), made before
// the clock starts.
struct FreshIds {
  std::vector<std::string> coupon_ids, codes, event_ids;
};
FreshIds fresh_ids(std::size_t n, std::size_t code_length, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  static constexpr char base32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  FreshIds ids;
  char buf[48];
  for (std::size_t i = 0; i < n; ++i) {
    std::snprintf(buf, sizeof buf, "c%016llx", static_cast<unsigned long long>(rng()));
    ids.coupon_ids.emplace_back(buf);
    std::string code = "SC1.";
    while (code.size() < code_length) code.push_back(base32[rng() % 32]);
    ids.codes.push_back(std::move(code));
    std::snprintf(buf, sizeof buf, "%08llx-%04llx-7%03llx-8000-%012llx",
                  static_cast<unsigned long long>(seed), static_cast<unsigned long long>(i >> 12),
                  static_cast<unsigned long long>(i & 0xfff),
                  static_cast<unsigned long long>(rng() & 0xffffffffffffULL));
    ids.event_ids.emplace_back(buf);
  }
  return ids;
}

}  // namespace

JournalRows shipped_rows(const fs::path& file, std::size_t n) {
  sqlite3* db = nullptr;
  check(sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), db, "open");
  auto text = [](sqlite3_stmt* s, int col) {
    const auto* p = sqlite3_column_text(s, col);
    return p == nullptr ? std::string() : std::string(reinterpret_cast<const char*>(p));
  };
  JournalRows rows;
  sqlite3_stmt* s = nullptr;
  check(
      sqlite3_prepare_v2(db,
                         "SELECT code, offer_id, reason_code, body, day, campaign_id, issued_at, expires_at "
                         "FROM coupons ORDER BY rowid LIMIT ?1",
                         -1, &s, nullptr),
      db, "coupons");
  sqlite3_bind_int64(s, 1, static_cast<sqlite3_int64>(n));
  while (sqlite3_step(s) == SQLITE_ROW)
    rows.coupons.push_back({text(s, 0), text(s, 1), text(s, 2), text(s, 3), text(s, 4), text(s, 5),
                            sqlite3_column_int64(s, 6), sqlite3_column_int64(s, 7)});
  sqlite3_finalize(s);
  check(sqlite3_prepare_v2(db, "SELECT type, day, created_at, payload FROM outbox ORDER BY seq LIMIT ?1", -1,
                           &s, nullptr),
        db, "outbox");
  sqlite3_bind_int64(s, 1, static_cast<sqlite3_int64>(n));
  while (sqlite3_step(s) == SQLITE_ROW)
    rows.events.push_back({text(s, 0), text(s, 1), text(s, 2), text(s, 3)});
  sqlite3_finalize(s);
  sqlite3_close(db);
  if (rows.coupons.empty() || rows.events.empty()) throw std::runtime_error("no shipped rows to replay");
  return rows;
}

std::vector<double> bare_sqlite(const fs::path& file, const std::vector<std::string>& keys, bool full,
                                const JournalRows& rows, std::uint64_t seed) {
  sqlite3* db = nullptr;
  check(sqlite3_open(file.c_str(), &db), db, "open");
  const std::string sync = full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL";
  for (const char* sql : {"PRAGMA journal_mode=WAL", sync.c_str(), "PRAGMA wal_autocheckpoint=0"})
    check(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), db, sql);
  sqlite3_stmt *lookup = nullptr, *coupon = nullptr, *outbox = nullptr, *begin = nullptr, *commit = nullptr;
  check(sqlite3_prepare_v2(db, "SELECT body FROM profiles_a WHERE member_key = ?1", -1, &lookup, nullptr), db,
        "p1");
  check(sqlite3_prepare_v2(
            db,
            "INSERT INTO coupons (coupon_id, code, member_key, offer_id, reason_code, body, day, "
            "issued_at, expires_at, campaign_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            -1, &coupon, nullptr),
        db, "p2");
  check(sqlite3_prepare_v2(
            db, "INSERT INTO outbox (event_id, type, day, created_at, payload) VALUES (?1, ?2, ?3, ?4, ?5)",
            -1, &outbox, nullptr),
        db, "p3");
  check(sqlite3_prepare_v2(db, "BEGIN IMMEDIATE", -1, &begin, nullptr), db, "p4");
  check(sqlite3_prepare_v2(db, "COMMIT", -1, &commit, nullptr), db, "p5");
  const FreshIds ids = fresh_ids(keys.size(), rows.coupons.front().code.size(), seed);
  std::vector<double> ms;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const auto& c = rows.coupons[i % rows.coupons.size()];
    const auto& e = rows.events[i % rows.events.size()];
    auto t0 = std::chrono::steady_clock::now();
    const std::string found = look_up_and_begin(db, lookup, begin, keys[i]);
    sqlite3_bind_text(coupon, 1, ids.coupon_ids[i].c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_text(coupon, 2, ids.codes[i].c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_text(coupon, 3, keys[i].c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_text(coupon, 4, c.offer_id.c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_text(coupon, 5, c.reason_code.c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_text(coupon, 6, c.body.c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_text(coupon, 7, c.day.c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_int64(coupon, 8, c.issued_at);
    sqlite3_bind_int64(coupon, 9, c.expires_at);
    sqlite3_bind_text(coupon, 10, c.campaign_id.c_str(), -1, SQLITE_STATIC);
    step_once(db, coupon, "coupon");
    sqlite3_bind_text(outbox, 1, ids.event_ids[i].c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_text(outbox, 2, e.type.c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_text(outbox, 3, e.day.c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_text(outbox, 4, e.created_at.c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_text(outbox, 5, e.payload.c_str(), -1, SQLITE_STATIC);
    step_once(db, outbox, "outbox");
    step_once(db, commit, "commit");
    ms.push_back(seconds_since(t0) * 1e3 + (found.empty() ? 1e9 : 0));
    // The kiosk's checkpointer keeps its WAL short (a long WAL slows every
    // page lookup); the floor's is kept short too, off the clock.
    if (i % 32 == 31) sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
  }
  for (auto* s : {lookup, coupon, outbox, begin, commit}) sqlite3_finalize(s);
  sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
  sqlite3_close(db);
  return ms;
}

std::vector<double> bare_minimal_tables(const fs::path& file, const std::vector<std::string>& keys) {
  sqlite3* db = nullptr;
  check(sqlite3_open(file.c_str(), &db), db, "open");
  for (const char* sql :
       {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA wal_autocheckpoint=0",
        "CREATE TABLE IF NOT EXISTS bare_coupons (id TEXT PRIMARY KEY, member_key TEXT, body TEXT)",
        "CREATE TABLE IF NOT EXISTS bare_outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, "
        "event_id TEXT UNIQUE, payload TEXT)"}) {
    check(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), db, sql);
  }
  sqlite3_stmt *lookup = nullptr, *coupon = nullptr, *outbox = nullptr, *begin = nullptr, *commit = nullptr;
  check(sqlite3_prepare_v2(db, "SELECT body FROM profiles_a WHERE member_key = ?1", -1, &lookup, nullptr), db,
        "p1");
  check(sqlite3_prepare_v2(db, "INSERT INTO bare_coupons VALUES (?1, ?2, ?3)", -1, &coupon, nullptr), db,
        "p2");
  check(sqlite3_prepare_v2(db, "INSERT INTO bare_outbox (event_id, payload) VALUES (?1, ?2)", -1, &outbox,
                           nullptr),
        db, "p3");
  check(sqlite3_prepare_v2(db, "BEGIN IMMEDIATE", -1, &begin, nullptr), db, "p4");
  check(sqlite3_prepare_v2(db, "COMMIT", -1, &commit, nullptr), db, "p5");
  std::vector<double> ms;
  const std::string body(200, 'x');
  for (std::size_t i = 0; i < keys.size(); ++i) {
    auto t0 = std::chrono::steady_clock::now();
    const std::string found = look_up_and_begin(db, lookup, begin, keys[i]);
    char id[24];
    std::snprintf(id, sizeof id, "m%zu", i);
    sqlite3_bind_text(coupon, 1, id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(coupon, 2, keys[i].c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_text(coupon, 3, body.c_str(), -1, SQLITE_STATIC);
    step_once(db, coupon, "coupon");
    sqlite3_bind_text(outbox, 1, id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(outbox, 2, body.c_str(), -1, SQLITE_STATIC);
    step_once(db, outbox, "outbox");
    step_once(db, commit, "commit");
    ms.push_back(seconds_since(t0) * 1e3 + (found.empty() ? 1e9 : 0));
  }
  for (auto* s : {lookup, coupon, outbox, begin, commit}) sqlite3_finalize(s);
  sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
  sqlite3_close(db);
  return ms;
}

}  // namespace smartstore::bench
