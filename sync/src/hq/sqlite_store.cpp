// HQ's SQLite store: one file, WAL, created 0600 (the payloads are business
// data), through the house's SQLite wrapper.
#include <map>
#include <stdexcept>

#include "hq/hq_store.h"
#include "smartstore/common/sqlite/database.h"
#include "smartstore/common/utc_time.h"
#include "smartstore/sync/envelope.h"

namespace smartstore::sync::detail {
namespace {

sqlite::DatabaseOptions hq_options(bool read_only) {
  sqlite::DatabaseOptions o;
  o.synchronous_full = false;  // NORMAL: a power cut may lose the last batch, which the store sends again
  o.allow_read_only = false;
  o.read_only = read_only;
  return o;
}

// HqStore's interface throws; the ingest loop reports what failed.
void check(const Status& s) {
  if (!s) throw std::runtime_error("hq db: " + s.error().message());
}

class SqliteHqStore final : public HqStore {
 public:
  SqliteHqStore(const std::string& file, bool read_only) : db_(file, hq_options(read_only)) {
    if (read_only) {
      // A file from before the erasure or consent lists, read as it is.
      has_erasures_ = has_table("erasures");
      has_withdrawals_ = has_table("consent_withdrawals");
      return;
    }
    // A database from before events were keyed by store too.
    if (db_.scalar_int("SELECT COUNT(*) FROM pragma_table_info('events') WHERE name='store_id' AND pk=0") ==
        1)
      db_.exec(sqlite_events_rekey_sql());
    const bool had_stores = has_table("stores");
    db_.exec(hq_schema("INTEGER", "INTEGER", "BLOB"));
    if (!had_stores) db_.exec(stores_backfill_sql(utc_now_iso8601()));
    // Databases from before gaps_found was kept.
    if (!has_gaps_found())
      db_.exec("ALTER TABLE day_closes ADD COLUMN gaps_found INTEGER NOT NULL DEFAULT 0");
  }

  InsertCounts insert_events(const std::string& store, const std::vector<IncomingEvent>& events) override {
    InsertCounts c;
    const std::string now = utc_now_iso8601();
    check(db_.transaction([&](sqlite::Transaction&) {
      c = {};
      sqlite::StatementScope ins(db_.prepared(
          "INSERT OR IGNORE INTO events(event_id, store_id, type, day, created_at, payload, received_at) "
          "VALUES(?1,?2,?3,?4,?5,?6,?7)"));
      std::map<std::string, std::uint64_t> dup_days;
      for (const auto& e : events) {
        ins->bind(1, e.event_id).bind(2, store).bind(3, e.type).bind(4, e.day).bind(5, e.created_at);
        ins->bind(6, e.payload).bind(7, now).run();
        if (db_.changes() == 1) {
          ++c.inserted;
        } else {
          ++c.duplicates;
          ++dup_days[e.day];
        }
      }
      sqlite::StatementScope dup(
          db_.prepared("INSERT INTO duplicates(store_id, day, count) VALUES(?1,?2,?3) "
                       "ON CONFLICT(store_id, day) DO UPDATE SET count = count + excluded.count"));
      for (const auto& [day, n] : dup_days)
        dup->bind(1, store).bind(2, day).bind(3, static_cast<std::int64_t>(n)).run();
    }));
    return c;
  }

  void record_snapshot_ack(const std::string& store, std::int64_t version, bool applied,
                           const std::string& error) override {
    sqlite::StatementScope s(db_.prepared(
        "INSERT INTO snapshot_acks(store_id, version, applied, error, received_at) VALUES(?1,?2,?3,?4,?5)"));
    s->bind(1, store).bind(2, version).bind(3, std::int64_t{applied ? 1 : 0}).bind(4, error);
    s->bind(5, utc_now_iso8601()).run();
  }

  void record_day_close(const std::string& store, const std::string& day, const std::string& type,
                        std::uint64_t store_count, const std::string& store_sha,
                        std::uint64_t missing) override {
    sqlite::StatementScope s(
        db_.prepared("INSERT INTO day_closes(store_id, day, type, store_count, store_sha, gaps_found) "
                     "VALUES(?1,?2,?3,?4,?5,?6) "
                     "ON CONFLICT(store_id, day, type) DO UPDATE SET store_count=excluded.store_count, "
                     "store_sha=excluded.store_sha, gaps_found=MAX(gaps_found, excluded.gaps_found)"));
    s->bind(1, store)
        .bind(2, day)
        .bind(3, type)
        .bind(4, static_cast<std::int64_t>(store_count))
        .bind(5, store_sha);
    s->bind(6, static_cast<std::int64_t>(missing)).run();
  }

  std::vector<std::string> held_ids(const std::string& store, const std::string& day,
                                    const std::string& type) override {
    sqlite::StatementScope s(db_.prepared(
        "SELECT event_id FROM events WHERE store_id=?1 AND day=?2 AND type=?3 ORDER BY event_id"));
    s->bind(1, store).bind(2, day).bind(3, type);
    std::vector<std::string> out;
    while (s->step()) out.push_back(s->column_text(0));
    return out;
  }

  DayReport day_report(const std::string& day) override {
    ReportRows rows;
    {
      sqlite::StatementScope s(
          db_.prepared("SELECT store_id, type, COUNT(*) FROM events WHERE day=?1 GROUP BY store_id, type"));
      for (s->bind(1, day); s->step();)
        rows.add_events(s->column_text(0), s->column_text(1), static_cast<std::uint64_t>(s->column_int(2)));
    }
    {
      sqlite::StatementScope s(db_.prepared("SELECT store_id, count FROM duplicates WHERE day=?1"));
      for (s->bind(1, day); s->step();)
        rows.store(s->column_text(0)).duplicates_dropped = static_cast<std::uint64_t>(s->column_int(1));
    }
    {
      // Still open: what the store counted minus what HQ holds now.
      // A file written before gaps_found existed (opened read-only, not migrated) has found nothing.
      std::string sql =
          std::string("SELECT d.store_id, ") + (has_gaps_found() ? "SUM(d.gaps_found)" : "0") +
          ", SUM(MAX(0, d.store_count - (SELECT COUNT(*) FROM events e WHERE e.store_id=d.store_id "
          "AND e.day=d.day AND e.type=d.type))) FROM day_closes d WHERE d.day=?1 GROUP BY d.store_id";
      sqlite::StatementScope s(db_.prepared(sql));
      for (s->bind(1, day); s->step();)
        rows.add_close(s->column_text(0), static_cast<std::uint64_t>(s->column_int(1)),
                       static_cast<std::uint64_t>(s->column_int(2)));
    }
    {
      // The newest version each store runs, whenever it acknowledged it: every
      // store HQ knows is listed, so one silent all day shows up with 0 events.
      sqlite::StatementScope s(
          db_.prepared("SELECT store_id, MAX(version) FROM snapshot_acks WHERE applied=1 AND ?1 IS NOT NULL "
                       "GROUP BY store_id"));
      for (s->bind(1, day); s->step();)
        rows.store(s->column_text(0)).snapshot_version_acknowledged = s->column_int(1);
    }
    return rows.finish(day);
  }

  void each_event(const std::string& type, const std::function<void(const StoredEvent&)>& fn) override {
    sqlite::StatementScope s(
        db_.prepared("SELECT store_id, event_id, day, payload FROM events WHERE type=?1 ORDER BY day, "
                     "store_id, event_id"));
    for (s->bind(1, type); s->step();)
      fn(StoredEvent{s->column_text(0), s->column_text(1), s->column_text(2), s->column_text(3)});
  }

  void note_store(const std::string& store) override {
    sqlite::StatementScope s(
        db_.prepared("INSERT OR IGNORE INTO stores(store_id, first_seen) VALUES(?1,?2)"));
    s->bind(1, store).bind(2, utc_now_iso8601()).run();
  }

  std::vector<std::string> store_ids() override {
    sqlite::StatementScope s(db_.prepared("SELECT store_id FROM stores ORDER BY 1"));
    std::vector<std::string> out;
    while (s->step()) out.push_back(s->column_text(0));
    return out;
  }

  std::int64_t acknowledged_version(const std::string& store) override {
    sqlite::StatementScope s(
        db_.prepared("SELECT COALESCE(MAX(version), 0) FROM snapshot_acks WHERE store_id=?1 AND applied=1"));
    s->bind(1, store);
    return s->step() ? s->column_int(0) : 0;
  }

  void keep_published(const std::string& store, std::int64_t version, const std::string& digests) override {
    sqlite::StatementScope s(
        db_.prepared("INSERT OR REPLACE INTO published_snapshots(store_id, version, digests, published_at) "
                     "VALUES(?1,?2,?3,?4)"));
    s->bind(1, store).bind(2, version).bind_blob(3, digests.data(), digests.size());
    s->bind(4, utc_now_iso8601()).run();
  }

  std::optional<std::string> published_digests(const std::string& store, std::int64_t version) override {
    sqlite::StatementScope s(
        db_.prepared("SELECT digests FROM published_snapshots WHERE store_id=?1 AND version=?2"));
    s->bind(1, store).bind(2, version);
    if (!s->step()) return std::nullopt;
    return s->column_text(0);
  }

  std::uint64_t prune_published(const std::string& store, std::int64_t acknowledged, int newer) override {
    sqlite::StatementScope s(db_.prepared(prune_published_sql('?')));
    s->bind(1, store).bind(2, acknowledged).bind(3, std::int64_t{newer}).run();
    return static_cast<std::uint64_t>(db_.changes());
  }

  std::uint64_t scrub_member(const std::string& member_key) override {
    sqlite::StatementScope s(
        db_.prepared("UPDATE events SET payload = replace(payload, ?1, 'erased') "
                     "WHERE instr(payload, ?1) > 0 AND type NOT IN (?2, ?3)"));
    s->bind(1, member_key).bind(2, kEraseRequestedEvent).bind(3, kErasureDoneEvent).run();
    return static_cast<std::uint64_t>(db_.changes());
  }

 private:
  bool has_table(const char* name) {
    sqlite::StatementScope s(db_.prepared("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?1"));
    s->bind(1, std::string_view(name));
    return s->step();
  }

  bool has_gaps_found() {
    sqlite::StatementScope s(
        db_.prepared("SELECT 1 FROM pragma_table_info('day_closes') WHERE name='gaps_found'"));
    return s->step();
  }

  sqlite::Database db_;
  bool record_member(MemberList list, const ErasureRecord& e) override {
    sqlite::StatementScope s(db_.prepared(std::string("INSERT OR IGNORE INTO ") + table_of(list) +
                                          "(member_key, request_id, origin, requested_at, recorded_at) "
                                          "VALUES(?1,?2,?3,?4,?5)"));
    s->bind(1, e.member_key).bind(2, e.request_id).bind(3, e.origin).bind(4, e.requested_at);
    s->bind(5, utc_now_iso8601()).run();
    return db_.changes() == 1;
  }
  std::vector<ErasureRecord> member_list(MemberList list) override {
    std::vector<ErasureRecord> out;
    if (!(list == MemberList::erasures ? has_erasures_ : has_withdrawals_)) return out;
    sqlite::StatementScope s(db_.prepared("SELECT member_key, request_id, origin, requested_at FROM " +
                                          std::string(table_of(list)) + " ORDER BY member_key"));
    while (s->step())
      out.push_back({s->column_text(0), s->column_text(1), s->column_text(2), s->column_text(3)});
    return out;
  }

  // False only for a read-only file from before that list.
  bool has_erasures_ = true;
  bool has_withdrawals_ = true;
};

}  // namespace

std::unique_ptr<HqStore> open_sqlite_store(const std::string& file, bool read_only) {
  return std::make_unique<SqliteHqStore>(file, read_only);
}

}  // namespace smartstore::sync::detail
