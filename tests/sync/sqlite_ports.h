#pragma once
// A small SQLite-file-backed kiosk store implementing the sync ports, for the
// sync tests (edge's real store implements the same ports). Header-only: the
// test binary is built from *_test.cpp files only. Real SQLite, real
// transactions: a SIGKILLed agent leaves exactly what was committed.
#include <sqlite3.h>

#include <algorithm>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>

#include "smartstore/models/snapshot_format.h"
#include "smartstore/sync/store_ports.h"

namespace smartstore::testing {

class SqliteKioskStore final : public sync::OutboxPort, public sync::DownlinkPort {
 public:
  explicit SqliteKioskStore(const std::string& file) {
    if (sqlite3_open(file.c_str(), &db_) != SQLITE_OK) throw std::runtime_error("open " + file);
    sqlite3_busy_timeout(db_, 5000);
    exec(
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
        "CREATE TABLE IF NOT EXISTS outbox(seq INTEGER PRIMARY KEY AUTOINCREMENT, event_id TEXT UNIQUE NOT "
        "NULL,"
        " type TEXT NOT NULL, day TEXT NOT NULL, created_at TEXT NOT NULL, payload TEXT NOT NULL,"
        " state INTEGER NOT NULL DEFAULT 0);"  // 0 unsent, 1 sent, 2 acknowledged
        "CREATE TABLE IF NOT EXISTS profiles(member_key TEXT PRIMARY KEY, body TEXT NOT NULL);"
        "CREATE TABLE IF NOT EXISTS meta(k TEXT PRIMARY KEY, v TEXT NOT NULL);");
  }
  ~SqliteKioskStore() override { sqlite3_close(db_); }
  SqliteKioskStore(const SqliteKioskStore&) = delete;
  SqliteKioskStore& operator=(const SqliteKioskStore&) = delete;

  // Test side: what the kiosk journals.
  void enqueue(const std::string& event_id, const std::string& type, const std::string& day,
               const std::string& payload = "{}") {
    std::lock_guard lock(mu_);
    run("INSERT INTO outbox(event_id, type, day, created_at, payload) VALUES(?,?,?,?,?)",
        {event_id, type, day, day + "T10:00:00Z", payload});
  }
  void enqueue_many(const std::string& prefix, std::size_t n, const std::string& type,
                    const std::string& day) {
    std::lock_guard lock(mu_);
    exec("BEGIN");
    for (std::size_t i = 0; i < n; ++i) {
      char id[64];
      std::snprintf(id, sizeof id, "%s-%08zu", prefix.c_str(), i);
      run("INSERT INTO outbox(event_id, type, day, created_at, payload) VALUES(?,?,?,?,?)",
          {id, type, day, day + "T10:00:00Z", "{\"n\":" + std::to_string(i) + "}"});
    }
    exec("COMMIT");
  }
  std::int64_t count(const std::string& sql) {
    std::lock_guard lock(mu_);
    return scalar(sql);
  }
  std::string meta(const std::string& k) {
    std::lock_guard lock(mu_);
    sqlite3_stmt* s = prepare("SELECT v FROM meta WHERE k=?");
    bind(s, 1, k);
    std::string v =
        sqlite3_step(s) == SQLITE_ROW ? reinterpret_cast<const char*>(sqlite3_column_text(s, 0)) : "";
    sqlite3_finalize(s);
    return v;
  }

  // OutboxPort
  std::vector<sync::OutboxEvent> next_unsent(std::size_t max) override {
    std::lock_guard lock(mu_);
    sqlite3_stmt* s = prepare(
        "SELECT seq, event_id, type, day, created_at, payload FROM outbox WHERE state=0 ORDER BY seq LIMIT "
        "?");
    sqlite3_bind_int64(s, 1, static_cast<std::int64_t>(max));
    std::vector<sync::OutboxEvent> out;
    while (sqlite3_step(s) == SQLITE_ROW)
      out.push_back({sqlite3_column_int64(s, 0), col(s, 1), col(s, 2), col(s, 3), col(s, 4), col(s, 5)});
    sqlite3_finalize(s);
    return out;
  }
  Status mark_sent(const std::vector<std::string>& ids) override { return set_state(ids, 1, "state=0"); }
  Status mark_acknowledged(const std::vector<std::string>& ids) override { return set_state(ids, 2, "1"); }
  Status mark_for_resend(const std::vector<std::string>& ids) override {
    return set_state(ids, 0, "1");
  }  // even if acknowledged: HQ says it lacks them
  std::vector<sync::DayTotals> day_totals(const std::string& day) override {
    std::vector<std::string> types;
    {
      std::lock_guard lock(mu_);
      sqlite3_stmt* s = prepare("SELECT DISTINCT type FROM outbox WHERE day=? ORDER BY type");
      bind(s, 1, day);
      while (sqlite3_step(s) == SQLITE_ROW) types.push_back(col(s, 0));
      sqlite3_finalize(s);
    }
    std::vector<sync::DayTotals> out;
    for (const auto& t : types) {
      auto ids = event_ids_of_day(day, t);
      std::string joined;
      for (std::size_t i = 0; i < ids.size(); ++i) joined += (i ? "\n" : "") + ids[i];
      out.push_back({day, t, ids.size(), models::sha256_hex(joined)});
    }
    return out;
  }
  std::vector<std::string> event_ids_of_day(const std::string& day, const std::string& type) override {
    std::lock_guard lock(mu_);
    sqlite3_stmt* s = prepare("SELECT event_id FROM outbox WHERE day=? AND type=? ORDER BY event_id");
    bind(s, 1, day);
    bind(s, 2, type);
    std::vector<std::string> out;
    while (sqlite3_step(s) == SQLITE_ROW) out.push_back(col(s, 0));
    sqlite3_finalize(s);
    return out;
  }
  std::uint64_t depth() override {
    std::lock_guard lock(mu_);
    return static_cast<std::uint64_t>(scalar("SELECT COUNT(*) FROM outbox WHERE state<2"));
  }
  std::optional<std::string> oldest_unacknowledged_created_at() override {
    std::lock_guard lock(mu_);
    sqlite3_stmt* s = prepare("SELECT created_at FROM outbox WHERE state<2 ORDER BY seq LIMIT 1");
    std::optional<std::string> v;
    if (sqlite3_step(s) == SQLITE_ROW) v = col(s, 0);
    sqlite3_finalize(s);
    return v;
  }

  // DownlinkPort
  std::int64_t snapshot_version() override {
    auto v = meta("snapshot_version");
    return v.empty() ? 0 : std::stoll(v);
  }
  Status apply_snapshot(const models::SnapshotManifest& m, sync::SnapshotChunks& chunks) override {
    if (chunks.size() != m.chunks.size())
      return fail(ErrorKind::invalid_input, "chunk count differs from the manifest");
    std::lock_guard lock(mu_);
    exec("BEGIN IMMEDIATE");
    exec("DELETE FROM profiles");
    sqlite3_stmt* s = prepare("INSERT INTO profiles(member_key, body) VALUES(?,?)");
    std::uint64_t n = 0;
    for (std::size_t i = 0; i < chunks.size(); ++i) {
      // Lines are checked for a member key only (full decoding is edge's job
      // and models' tests'); the counts must match the manifest.
      auto bytes = chunks.read(i);
      if (!bytes) {
        sqlite3_finalize(s);
        exec("ROLLBACK");
        return bytes.error();
      }
      std::string_view rest = *bytes;
      std::uint64_t in_chunk = 0;
      while (!rest.empty()) {
        auto nl = rest.find('\n');
        std::string_view line = rest.substr(0, nl);
        rest.remove_prefix(nl == std::string_view::npos ? rest.size() : nl + 1);
        if (line.empty()) continue;
        auto k = line.find("\"key\":\"");
        if (k == std::string_view::npos || line.size() < k + 7 + 64) {
          sqlite3_finalize(s);
          exec("ROLLBACK");
          return fail(ErrorKind::invalid_input,
                      "chunk " + std::to_string(i) + ": a line without a member key");
        }
        bind(s, 1, std::string(line.substr(k + 7, 64)));
        bind(s, 2, std::string(line));
        sqlite3_step(s);
        sqlite3_reset(s);
        ++in_chunk;
      }
      if (in_chunk != m.chunks[i].records) {
        sqlite3_finalize(s);
        exec("ROLLBACK");
        return fail(ErrorKind::invalid_input,
                    "chunk " + std::to_string(i) + ": record count differs from the manifest");
      }
      n += in_chunk;
    }
    sqlite3_finalize(s);
    if (n != m.record_count) {
      exec("ROLLBACK");
      return fail(ErrorKind::invalid_input, "record_count differs");
    }
    set_meta("snapshot_version", std::to_string(m.version));
    exec("COMMIT");
    return ok();
  }
  Status apply_delta(std::int64_t base, std::int64_t version,
                     const std::vector<models::CustomerProfile>& upserts,
                     const std::vector<std::string>& removed) override {
    if (snapshot_version() != base)
      return fail(ErrorKind::conflict, "base version " + std::to_string(base) + " is not the cached one");
    std::lock_guard lock(mu_);
    exec("BEGIN IMMEDIATE");
    for (const auto& p : upserts)
      run("INSERT OR REPLACE INTO profiles(member_key, body) VALUES(?,?)",
          {p.member_key, models::encode_profile(p)});
    for (const auto& k : removed) run("DELETE FROM profiles WHERE member_key=?", {k});
    set_meta("snapshot_version", std::to_string(version));
    exec("COMMIT");
    return ok();
  }
  Status apply_campaigns(const std::string& j) override { return doc("campaigns", j); }
  Status apply_catalog(const std::string& j) override { return doc("catalog", j); }
  Status rotate_coupon_key(const std::string& j) override { return doc("coupon_key", j); }
  Status revoke_coupons(const std::vector<std::string>& ids) override {
    return doc("revoked", std::to_string(ids.size()));
  }
  Status apply_aliases(const std::vector<std::pair<std::string, std::string>>& pairs) override {
    return doc("aliases", std::to_string(pairs.size()));
  }
  Status withdraw_consent(const std::string&, const std::vector<std::string>& keys) override {
    return doc("consent-withdrawals", std::to_string(keys.size()));
  }
  Status erase_members(const std::string& request_id, const std::vector<std::string>& keys) override {
    std::lock_guard lock(mu_);
    exec("BEGIN IMMEDIATE");
    for (const auto& k : keys) {
      run("DELETE FROM profiles WHERE member_key=?", {k});
      run("INSERT OR IGNORE INTO outbox(event_id, type, day, created_at, payload) VALUES(?,?,?,?,?)",
          {request_id + "-" + k.substr(0, 16), "erasure_done", "2026-11-23", "2026-11-23T00:00:00Z",
           "{\"request_id\":\"" + request_id + "\"}"});
    }
    exec("COMMIT");
    return ok();
  }

 private:
  Status doc(const std::string& k, const std::string& v) {
    std::lock_guard lock(mu_);
    set_meta(k, v);
    return ok();
  }
  void set_meta(const std::string& k, const std::string& v) {
    run("INSERT OR REPLACE INTO meta(k, v) VALUES(?,?)", {k, v});
  }
  Status set_state(const std::vector<std::string>& ids, int state, const char* guard) {
    std::lock_guard lock(mu_);
    exec("BEGIN IMMEDIATE");
    std::string sql = "UPDATE outbox SET state=" + std::to_string(state) + " WHERE event_id=? AND " + guard;
    sqlite3_stmt* s = prepare(sql.c_str());
    for (const auto& id : ids) {
      bind(s, 1, id);
      sqlite3_step(s);
      sqlite3_reset(s);
    }
    sqlite3_finalize(s);
    exec("COMMIT");
    return ok();
  }
  void exec(const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
      std::string m = err ? err : "?";
      sqlite3_free(err);
      throw std::runtime_error(m);
    }
  }
  sqlite3_stmt* prepare(const char* sql) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db_, sql, -1, &s, nullptr) != SQLITE_OK)
      throw std::runtime_error(sqlite3_errmsg(db_));
    return s;
  }
  static void bind(sqlite3_stmt* s, int i, const std::string& v) {
    sqlite3_bind_text(s, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  }
  void run(const char* sql, const std::vector<std::string>& args) {
    sqlite3_stmt* s = prepare(sql);
    for (std::size_t i = 0; i < args.size(); ++i) bind(s, static_cast<int>(i + 1), args[i]);
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) throw std::runtime_error(sqlite3_errmsg(db_));
  }
  std::int64_t scalar(const std::string& sql) {
    sqlite3_stmt* s = prepare(sql.c_str());
    std::int64_t v = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    sqlite3_finalize(s);
    return v;
  }
  static std::string col(sqlite3_stmt* s, int i) {
    auto* t = sqlite3_column_text(s, i);
    return t ? reinterpret_cast<const char*>(t) : "";
  }

  std::recursive_mutex mu_;
  sqlite3* db_ = nullptr;
};

}  // namespace smartstore::testing
