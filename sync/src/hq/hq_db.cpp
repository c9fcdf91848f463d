#include "hq/hq_db.h"

#include <fcntl.h>
#include <unistd.h>

#include <map>
#include <stdexcept>

namespace smartstore::sync::detail {
namespace {

struct Stmt {
  sqlite3_stmt* s = nullptr;
  Stmt(sqlite3* db, const char* sql) {
    if (sqlite3_prepare_v2(db, sql, -1, &s, nullptr) != SQLITE_OK)
      throw std::runtime_error(std::string("hq db: ") + sqlite3_errmsg(db));
  }
  ~Stmt() { sqlite3_finalize(s); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  void text(int i, const std::string& v) { sqlite3_bind_text(s, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT); }
  void integer(int i, std::int64_t v) { sqlite3_bind_int64(s, i, v); }
};

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS events(
  event_id TEXT PRIMARY KEY, store_id TEXT NOT NULL, type TEXT NOT NULL, day TEXT NOT NULL,
  created_at TEXT NOT NULL, payload TEXT NOT NULL, received_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')));
CREATE INDEX IF NOT EXISTS events_store_day ON events(store_id, day, type, event_id);
CREATE TABLE IF NOT EXISTS duplicates(store_id TEXT NOT NULL, day TEXT NOT NULL, count INTEGER NOT NULL,
  PRIMARY KEY(store_id, day));
CREATE TABLE IF NOT EXISTS snapshot_acks(store_id TEXT NOT NULL, version INTEGER NOT NULL, applied INTEGER NOT NULL,
  error TEXT NOT NULL, received_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')));
CREATE TABLE IF NOT EXISTS day_closes(store_id TEXT NOT NULL, day TEXT NOT NULL, type TEXT NOT NULL,
  store_count INTEGER NOT NULL, store_sha TEXT NOT NULL, PRIMARY KEY(store_id, day, type));
)sql";

}  // namespace

HqDb::HqDb(const std::filesystem::path& file) {
  // Created 0600 before SQLite opens it: the payloads are business data.
  if (int fd = ::open(file.c_str(), O_RDWR | O_CREAT, 0600); fd >= 0) ::close(fd);
  if (sqlite3_open(file.c_str(), &db_) != SQLITE_OK) {
    std::string err = sqlite3_errmsg(db_);
    sqlite3_close(db_);
    throw std::runtime_error("cannot open " + file.string() + ": " + err);
  }
  sqlite3_busy_timeout(db_, 5000);
  exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;");
  exec(kSchema);
}

HqDb::~HqDb() { sqlite3_close(db_); }

void HqDb::exec(const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "?";
    sqlite3_free(err);
    throw std::runtime_error("hq db: " + msg);
  }
}

HqDb::InsertCounts HqDb::insert_events(const std::string& store, const std::vector<IncomingEvent>& events) {
  InsertCounts c;
  exec("BEGIN IMMEDIATE");
  try {
    Stmt ins(db_, "INSERT OR IGNORE INTO events(event_id, store_id, type, day, created_at, payload) VALUES(?,?,?,?,?,?)");
    std::map<std::string, std::uint64_t> dup_days;
    for (const auto& e : events) {
      ins.text(1, e.event_id);
      ins.text(2, store);
      ins.text(3, e.type);
      ins.text(4, e.day);
      ins.text(5, e.created_at);
      ins.text(6, e.payload);
      if (sqlite3_step(ins.s) != SQLITE_DONE) throw std::runtime_error(sqlite3_errmsg(db_));
      if (sqlite3_changes(db_) == 1) {
        ++c.inserted;
      } else {
        ++c.duplicates;
        ++dup_days[e.day];
      }
      sqlite3_reset(ins.s);
    }
    Stmt dup(db_, "INSERT INTO duplicates(store_id, day, count) VALUES(?,?,?) "
                  "ON CONFLICT(store_id, day) DO UPDATE SET count = count + excluded.count");
    for (const auto& [day, n] : dup_days) {
      dup.text(1, store);
      dup.text(2, day);
      dup.integer(3, static_cast<std::int64_t>(n));
      if (sqlite3_step(dup.s) != SQLITE_DONE) throw std::runtime_error(sqlite3_errmsg(db_));
      sqlite3_reset(dup.s);
    }
    exec("COMMIT");
  } catch (...) {
    exec("ROLLBACK");
    throw;
  }
  return c;
}

void HqDb::record_snapshot_ack(const std::string& store, std::int64_t version, bool applied, const std::string& error) {
  Stmt s(db_, "INSERT INTO snapshot_acks(store_id, version, applied, error) VALUES(?,?,?,?)");
  s.text(1, store);
  s.integer(2, version);
  s.integer(3, applied ? 1 : 0);
  s.text(4, error);
  sqlite3_step(s.s);
}

void HqDb::record_day_close(const std::string& store, const std::string& day, const std::string& type,
                            std::uint64_t store_count, const std::string& store_sha) {
  Stmt s(db_, "INSERT OR REPLACE INTO day_closes(store_id, day, type, store_count, store_sha) VALUES(?,?,?,?,?)");
  s.text(1, store);
  s.text(2, day);
  s.text(3, type);
  s.integer(4, static_cast<std::int64_t>(store_count));
  s.text(5, store_sha);
  sqlite3_step(s.s);
}

std::vector<std::string> HqDb::held_ids(const std::string& store, const std::string& day, const std::string& type) {
  Stmt s(db_, "SELECT event_id FROM events WHERE store_id=? AND day=? AND type=? ORDER BY event_id");
  s.text(1, store);
  s.text(2, day);
  s.text(3, type);
  std::vector<std::string> out;
  while (sqlite3_step(s.s) == SQLITE_ROW) out.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(s.s, 0)));
  return out;
}

}  // namespace smartstore::sync::detail
