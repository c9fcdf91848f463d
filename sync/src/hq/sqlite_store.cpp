// HQ's SQLite store: one file, WAL, created 0600 (the payloads are business data).
#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <ctime>
#include <map>
#include <stdexcept>

#include "hq/hq_store.h"
#include "smartstore/common/private_file.h"
#include "smartstore/common/utc_time.h"
#include "smartstore/sync/envelope.h"

namespace smartstore::sync::detail {
namespace {

struct Stmt {
  sqlite3* db;
  sqlite3_stmt* s = nullptr;
  Stmt(sqlite3* d, const char* sql) : db(d) {
    if (sqlite3_prepare_v2(db, sql, -1, &s, nullptr) != SQLITE_OK)
      throw std::runtime_error(std::string("hq db: ") + sqlite3_errmsg(db));
  }
  ~Stmt() { sqlite3_finalize(s); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  Stmt& text(int i, const std::string& v) {
    sqlite3_bind_text(s, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Stmt& integer(int i, std::int64_t v) {
    sqlite3_bind_int64(s, i, v);
    return *this;
  }
  bool row() {
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) return true;
    if (rc != SQLITE_DONE) throw std::runtime_error(std::string("hq db: ") + sqlite3_errmsg(db));
    return false;
  }
  void run() {
    row();
    sqlite3_reset(s);
  }
  std::string col(int i) {
    auto* t = sqlite3_column_text(s, i);
    return t ? reinterpret_cast<const char*>(t) : "";
  }
  std::int64_t num(int i) { return sqlite3_column_int64(s, i); }
};

class SqliteHqStore final : public HqStore {
 public:
  SqliteHqStore(const std::string& file, bool read_only) {
    if (!read_only) (void)ensure_private_file(file);  // SQLite's own error below names the failure
    int flags = read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    if (sqlite3_open_v2(file.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
      std::string err = sqlite3_errmsg(db_);
      sqlite3_close(db_);
      throw std::runtime_error("cannot open " + file + ": " + err);
    }
    sqlite3_busy_timeout(db_, 5000);
    if (read_only) return;
    exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;");
    exec(hq_schema("INTEGER", "INTEGER").c_str());
    // Databases from before gaps_found was kept.
    Stmt cols(db_, "SELECT 1 FROM pragma_table_info('day_closes') WHERE name='gaps_found'");
    if (!cols.row()) exec("ALTER TABLE day_closes ADD COLUMN gaps_found INTEGER NOT NULL DEFAULT 0");
  }
  ~SqliteHqStore() override { sqlite3_close(db_); }
  SqliteHqStore(const SqliteHqStore&) = delete;
  SqliteHqStore& operator=(const SqliteHqStore&) = delete;

  InsertCounts insert_events(const std::string& store, const std::vector<IncomingEvent>& events) override {
    InsertCounts c;
    std::string now = utc_now_iso8601();
    exec("BEGIN IMMEDIATE");
    try {
      Stmt ins(db_, "INSERT OR IGNORE INTO events(event_id, store_id, type, day, created_at, payload, received_at) "
                    "VALUES(?,?,?,?,?,?,?)");
      std::map<std::string, std::uint64_t> dup_days;
      for (const auto& e : events) {
        ins.text(1, e.event_id).text(2, store).text(3, e.type).text(4, e.day).text(5, e.created_at).text(6, e.payload);
        ins.text(7, now).run();
        if (sqlite3_changes(db_) == 1) {
          ++c.inserted;
        } else {
          ++c.duplicates;
          ++dup_days[e.day];
        }
      }
      Stmt dup(db_, "INSERT INTO duplicates(store_id, day, count) VALUES(?,?,?) "
                    "ON CONFLICT(store_id, day) DO UPDATE SET count = count + excluded.count");
      for (const auto& [day, n] : dup_days) dup.text(1, store).text(2, day).integer(3, static_cast<std::int64_t>(n)).run();
      exec("COMMIT");
    } catch (...) {
      exec("ROLLBACK");
      throw;
    }
    return c;
  }

  void record_snapshot_ack(const std::string& store, std::int64_t version, bool applied, const std::string& error) override {
    Stmt(db_, "INSERT INTO snapshot_acks(store_id, version, applied, error, received_at) VALUES(?,?,?,?,?)")
        .text(1, store).integer(2, version).integer(3, applied ? 1 : 0).text(4, error).text(5, utc_now_iso8601()).run();
  }

  void record_day_close(const std::string& store, const std::string& day, const std::string& type,
                        std::uint64_t store_count, const std::string& store_sha, std::uint64_t missing) override {
    Stmt(db_, "INSERT INTO day_closes(store_id, day, type, store_count, store_sha, gaps_found) VALUES(?,?,?,?,?,?) "
              "ON CONFLICT(store_id, day, type) DO UPDATE SET store_count=excluded.store_count, "
              "store_sha=excluded.store_sha, gaps_found=MAX(gaps_found, excluded.gaps_found)")
        .text(1, store).text(2, day).text(3, type).integer(4, static_cast<std::int64_t>(store_count)).text(5, store_sha)
        .integer(6, static_cast<std::int64_t>(missing)).run();
  }

  std::vector<std::string> held_ids(const std::string& store, const std::string& day, const std::string& type) override {
    Stmt s(db_, "SELECT event_id FROM events WHERE store_id=? AND day=? AND type=? ORDER BY event_id");
    s.text(1, store).text(2, day).text(3, type);
    std::vector<std::string> out;
    while (s.row()) out.push_back(s.col(0));
    return out;
  }

  DayReport day_report(const std::string& day) override {
    ReportRows rows;
    {
      Stmt s(db_, "SELECT store_id, type, COUNT(*) FROM events WHERE day=? GROUP BY store_id, type");
      for (s.text(1, day); s.row();) rows.add_events(s.col(0), s.col(1), static_cast<std::uint64_t>(s.num(2)));
    }
    {
      Stmt s(db_, "SELECT store_id, count FROM duplicates WHERE day=?");
      for (s.text(1, day); s.row();) rows.store(s.col(0)).duplicates_dropped = static_cast<std::uint64_t>(s.num(1));
    }
    {
      // Still open: what the store counted minus what HQ holds now.
      // A file written before gaps_found existed (opened read-only, not migrated) has found nothing.
      bool has_found = Stmt(db_, "SELECT 1 FROM pragma_table_info('day_closes') WHERE name='gaps_found'").row();
      std::string sql = std::string("SELECT d.store_id, ") + (has_found ? "SUM(d.gaps_found)" : "0") +
                        ", SUM(MAX(0, d.store_count - (SELECT COUNT(*) FROM events e WHERE e.store_id=d.store_id "
                        "AND e.day=d.day AND e.type=d.type))) FROM day_closes d WHERE d.day=? GROUP BY d.store_id";
      Stmt s(db_, sql.c_str());
      for (s.text(1, day); s.row();)
        rows.add_close(s.col(0), static_cast<std::uint64_t>(s.num(1)), static_cast<std::uint64_t>(s.num(2)));
    }
    {
      // The newest version each store runs, whenever it acknowledged it: every
      // store HQ knows is listed, so one silent all day shows up with 0 events.
      Stmt s(db_, "SELECT store_id, MAX(version) FROM snapshot_acks WHERE applied=1 AND ?1 IS NOT NULL GROUP BY store_id");
      for (s.text(1, day); s.row();) rows.store(s.col(0)).snapshot_version_acknowledged = s.num(1);
    }
    return rows.finish(day);
  }

 private:
  void exec(const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
      std::string msg = err ? err : "?";
      sqlite3_free(err);
      throw std::runtime_error("hq db: " + msg);
    }
  }
  sqlite3* db_ = nullptr;
};

}  // namespace

std::unique_ptr<HqStore> open_sqlite_store(const std::string& file, bool read_only) {
  return std::make_unique<SqliteHqStore>(file, read_only);
}

}  // namespace smartstore::sync::detail
