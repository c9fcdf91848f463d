// HQ's PostgreSQL store (libpqxx 6.4): the same tables and guarantees as the
// SQLite one, for several ingest processes writing into one database.
// (store id, event id) is the primary key; a batch is inserted with ON CONFLICT DO NOTHING
// and its duplicate count updated in the same transaction, so a redelivery
// racing another ingest process is stored once and counted once.
#include <pqxx/pqxx>

#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>

#include "hq/hq_store.h"
#include "smartstore/common/utc_time.h"
#include "smartstore/sync/envelope.h"

namespace smartstore::sync::detail {
namespace {

// Any fixed number: serialises schema creation between ingest processes
// starting together (CREATE TABLE IF NOT EXISTS alone races in PostgreSQL).
constexpr std::int64_t kSchemaLock = 0x5353'4851;  // "SSHQ"

class PostgresHqStore final : public HqStore {
 public:
  PostgresHqStore(const std::string& url, bool read_only) : url_(url), read_only_(read_only) {
    connect();
    if (read_only) {
      // A report must not create tables in a database it was pointed at by
      // mistake, nor change anything in the right one.
      pqxx::read_transaction t(*conn_);
      if (!t.exec1("SELECT to_regclass('events') IS NOT NULL")[0].as<bool>())
        throw std::runtime_error(
            "no smartstore HQ tables in this database (has ingest ever run against it?)");
      has_erasures_ = t.exec1("SELECT to_regclass('erasures') IS NOT NULL")[0].as<bool>();
      has_withdrawals_ = t.exec1("SELECT to_regclass('consent_withdrawals') IS NOT NULL")[0].as<bool>();
      return;
    }
    pqxx::work w(*conn_);
    w.exec_params("SELECT pg_advisory_xact_lock($1)", kSchemaLock);
    const bool had_stores = w.exec1("SELECT to_regclass('stores') IS NOT NULL")[0].as<bool>();
    w.exec(hq_schema("BIGINT", "BOOLEAN", "BYTEA"));
    if (!had_stores) w.exec(stores_backfill_sql(utc_now_iso8601()));
    // A database from before events were keyed by store too.
    if (w.exec1("SELECT COUNT(*) FROM information_schema.key_column_usage WHERE table_name='events' "
                "AND constraint_name='events_pkey'")[0]
            .as<int>() == 1)
      w.exec(kPostgresEventsRekeySql);
    w.commit();
  }

  InsertCounts insert_events(const std::string& store, const std::vector<IncomingEvent>& events) override {
    // Sorted: two processes inserting overlapping batches lock rows in the
    // same order and cannot deadlock.
    std::vector<const IncomingEvent*> sorted;
    for (const auto& e : events) sorted.push_back(&e);
    std::sort(sorted.begin(), sorted.end(), [](auto* a, auto* b) { return a->event_id < b->event_id; });
    return retrying([&] {
      InsertCounts c;
      pqxx::work w(*conn_);
      // One statement per batch: a statement per event spent most of ingest's
      // time waiting for the server's answers (docs/fleet.md).
      std::set<std::string> inserted;
      if (!sorted.empty())
        for (const auto& row : w.exec(insert_sql(w, store, sorted)))
          inserted.insert(row[0].as<std::string>());
      std::map<std::string, std::uint64_t> dup_days;
      for (const auto* e : sorted) {
        if (inserted.erase(e->event_id) != 0) {  // an id twice in one batch: stored once
          ++c.inserted;
        } else {
          ++c.duplicates;
          ++dup_days[e->day];
        }
      }
      for (const auto& [day, n] : dup_days)
        w.exec_prepared("count_duplicates", store, day, static_cast<std::int64_t>(n));
      w.commit();
      return c;
    });
  }

  void record_snapshot_ack(const std::string& store, std::int64_t version, bool applied,
                           const std::string& error) override {
    retrying([&] {
      pqxx::work w(*conn_);
      w.exec_params(
          "INSERT INTO snapshot_acks(store_id, version, applied, error, received_at) VALUES($1,$2,$3,$4,$5)",
          store, version, applied, error, utc_now_iso8601());
      w.commit();
      return 0;
    });
  }

  void record_day_close(const std::string& store, const std::string& day, const std::string& type,
                        std::uint64_t store_count, const std::string& store_sha,
                        std::uint64_t missing) override {
    retrying([&] {
      pqxx::work w(*conn_);
      w.exec_params(
          "INSERT INTO day_closes(store_id, day, type, store_count, store_sha, gaps_found) "
          "VALUES($1,$2,$3,$4,$5,$6) ON CONFLICT(store_id, day, type) DO UPDATE SET "
          "store_count=excluded.store_count, store_sha=excluded.store_sha, "
          "gaps_found=GREATEST(day_closes.gaps_found, excluded.gaps_found)",
          store, day, type, static_cast<std::int64_t>(store_count), store_sha,
          static_cast<std::int64_t>(missing));
      w.commit();
      return 0;
    });
  }

  std::vector<std::string> held_ids(const std::string& store, const std::string& day,
                                    const std::string& type) override {
    return retrying([&] {
      pqxx::read_transaction t(*conn_);
      // COLLATE "C": byte order, as the store sorts the ids it hashes.
      auto r = t.exec_params(
          "SELECT event_id FROM events WHERE store_id=$1 AND day=$2 AND type=$3 "
          "ORDER BY event_id COLLATE \"C\"",
          store, day, type);
      std::vector<std::string> out;
      out.reserve(r.size());
      for (const auto& row : r) out.push_back(row[0].as<std::string>());
      return out;
    });
  }

  DayReport day_report(const std::string& day) override {
    return retrying([&] {
      ReportRows rows;
      pqxx::read_transaction t(*conn_);
      for (const auto& row : t.exec_params(
               "SELECT store_id, type, COUNT(*) FROM events WHERE day=$1 GROUP BY store_id, type", day))
        rows.add_events(row[0].as<std::string>(), row[1].as<std::string>(), row[2].as<std::uint64_t>());
      for (const auto& row : t.exec_params("SELECT store_id, count FROM duplicates WHERE day=$1", day))
        rows.store(row[0].as<std::string>()).duplicates_dropped = row[1].as<std::uint64_t>();
      for (const auto& row :
           t.exec_params("SELECT d.store_id, SUM(d.gaps_found)::bigint, SUM(GREATEST(0, d.store_count - "
                         "(SELECT COUNT(*) FROM "
                         "events e WHERE e.store_id=d.store_id AND e.day=d.day AND e.type=d.type)))::bigint "
                         "FROM day_closes d WHERE d.day=$1 GROUP BY d.store_id",
                         day))
        rows.add_close(row[0].as<std::string>(), row[1].as<std::uint64_t>(), row[2].as<std::uint64_t>());
      // Every store HQ knows is listed, so one silent all day shows up with 0 events.
      for (const auto& row :
           t.exec("SELECT store_id, MAX(version) FROM snapshot_acks WHERE applied GROUP BY store_id"))
        rows.store(row[0].as<std::string>()).snapshot_version_acknowledged = row[1].as<std::int64_t>();
      return rows.finish(day);
    });
  }

  void each_event(const std::string& type, const std::function<void(const StoredEvent&)>& fn) override {
    // Rows are read in pages so neither side holds every event at once; a
    // retry after a lost connection would repeat rows, so none is made.
    pqxx::read_transaction t(*conn_);
    std::string after_day, after_store, after_id;
    for (bool first = true;; first = false) {
      auto r = t.exec_params(
          "SELECT store_id, event_id, day, payload FROM events WHERE type=$1 AND ($2 OR (day, store_id, "
          "event_id) > ($3 COLLATE \"C\", $4 COLLATE \"C\", $5 COLLATE \"C\")) "
          "ORDER BY day COLLATE \"C\", store_id COLLATE \"C\", event_id COLLATE \"C\" LIMIT 10000",
          type, first, after_day, after_store, after_id);
      for (const auto& row : r) {
        StoredEvent e{row[0].as<std::string>(), row[1].as<std::string>(), row[2].as<std::string>(),
                      row[3].as<std::string>()};
        fn(e);
        after_day = std::move(e.day);
        after_store = std::move(e.store_id);
        after_id = std::move(e.event_id);
      }
      if (r.size() < 10000) return;
    }
  }

  void note_store(const std::string& store) override {
    retrying([&] {
      pqxx::work w(*conn_);
      w.exec_params("INSERT INTO stores(store_id, first_seen) VALUES($1,$2) ON CONFLICT(store_id) DO NOTHING",
                    store, utc_now_iso8601());
      w.commit();
      return 0;
    });
  }

  std::vector<std::string> store_ids() override {
    return retrying([&] {
      pqxx::read_transaction t(*conn_);
      std::vector<std::string> out;
      for (const auto& row : t.exec("SELECT store_id FROM stores ORDER BY store_id COLLATE \"C\""))
        out.push_back(row[0].as<std::string>());
      return out;
    });
  }

  std::int64_t acknowledged_version(const std::string& store) override {
    return retrying([&] {
      pqxx::read_transaction t(*conn_);
      return t
          .exec_params1("SELECT COALESCE(MAX(version), 0) FROM snapshot_acks WHERE store_id=$1 AND applied",
                        store)[0]
          .as<std::int64_t>();
    });
  }

  void keep_published(const std::string& store, std::int64_t version, const std::string& digests) override {
    retrying([&] {
      pqxx::work w(*conn_);
      w.exec_params(
          "INSERT INTO published_snapshots(store_id, version, digests, published_at) VALUES($1,$2,$3,$4) "
          "ON CONFLICT(store_id, version) DO UPDATE SET digests=excluded.digests, "
          "published_at=excluded.published_at",
          store, version, pqxx::binarystring(digests.data(), digests.size()), utc_now_iso8601());
      w.commit();
      return 0;
    });
  }

  std::optional<std::string> published_digests(const std::string& store, std::int64_t version) override {
    return retrying([&]() -> std::optional<std::string> {
      pqxx::read_transaction t(*conn_);
      auto r = t.exec_params("SELECT digests FROM published_snapshots WHERE store_id=$1 AND version=$2",
                             store, version);
      if (r.empty()) return std::nullopt;
      return pqxx::binarystring(r[0][0]).str();
    });
  }

  std::uint64_t prune_published(const std::string& store, std::int64_t acknowledged, int newer) override {
    return retrying([&] {
      pqxx::work w(*conn_);
      auto r = w.exec_params(prune_published_sql('$'), store, acknowledged, newer);
      w.commit();
      return static_cast<std::uint64_t>(r.affected_rows());
    });
  }

  std::uint64_t scrub_member(const std::string& member_key) override {
    return retrying([&] {
      pqxx::work w(*conn_);
      auto r = w.exec_params(
          "UPDATE events SET payload = replace(payload, $1, 'erased') "
          "WHERE strpos(payload, $1) > 0 AND type NOT IN ($2, $3)",
          member_key, kEraseRequestedEvent, kErasureDoneEvent);
      w.commit();
      return static_cast<std::uint64_t>(r.affected_rows());
    });
  }

 private:
  void connect() {
    conn_ = std::make_unique<pqxx::connection>(url_);
    if (read_only_) conn_->set_variable("default_transaction_read_only", "on");
    conn_->prepare("count_duplicates",
                   "INSERT INTO duplicates(store_id, day, count) VALUES($1,$2,$3) ON CONFLICT(store_id, day) "
                   "DO UPDATE SET count = duplicates.count + excluded.count");
  }

  // The batch as one multi-row INSERT, every value escaped by libpq
  // (PQescapeStringConn; standard_conforming_strings is on); the ids it
  // stored come back (a redelivered id does not).
  static std::string insert_sql(pqxx::work& w, const std::string& store,
                                const std::vector<const IncomingEvent*>& events) {
    const std::string now = utc_now_iso8601();
    std::string sql =
        "INSERT INTO events(event_id, store_id, type, day, created_at, payload, received_at) VALUES ";
    for (std::size_t i = 0; i < events.size(); ++i) {
      const auto& e = *events[i];
      sql.append(i == 0 ? "(" : ",(");
      for (const std::string* v : {&e.event_id, &store, &e.type, &e.day, &e.created_at, &e.payload, &now})
        sql.append(v == &e.event_id ? "'" : ",'").append(w.esc(*v)).append("'");
      sql.append(")");
    }
    return sql + " ON CONFLICT(store_id, event_id) DO NOTHING RETURNING event_id";
  }

  // One reconnect after a lost connection (server restart) and a retry after
  // a deadlock or serialization failure; anything else is the caller's error.
  template <typename Fn>
  auto retrying(Fn fn) -> decltype(fn()) {
    for (int attempt = 0;; ++attempt) {
      try {
        if (!conn_ || !conn_->is_open()) connect();
        return fn();
      } catch (const pqxx::broken_connection&) {
        conn_.reset();
        if (attempt >= 1) throw;
      } catch (const pqxx::sql_error& e) {
        bool transient = e.sqlstate() == "40P01" || e.sqlstate() == "40001";
        if (!transient || attempt >= 2) throw;
      }
    }
  }

  std::string url_;
  bool read_only_;
  bool record_member(MemberList list, const ErasureRecord& e) override {
    return retrying([&] {
      pqxx::work w(*conn_);
      auto r = w.exec_params(std::string("INSERT INTO ") + table_of(list) +
                                 "(member_key, request_id, origin, requested_at, recorded_at) "
                                 "VALUES($1,$2,$3,$4,$5) ON CONFLICT(member_key) DO NOTHING",
                             e.member_key, e.request_id, e.origin, e.requested_at, utc_now_iso8601());
      w.commit();
      return r.affected_rows() == 1;
    });
  }
  std::vector<ErasureRecord> member_list(MemberList list) override {
    const bool present = list == MemberList::erasures ? has_erasures_ : has_withdrawals_;
    return retrying([&] {
      pqxx::read_transaction t(*conn_);
      std::vector<ErasureRecord> out;
      if (!present) return out;
      for (const auto& row : t.exec("SELECT member_key, request_id, origin, requested_at FROM " +
                                    std::string(table_of(list)) + " ORDER BY member_key COLLATE \"C\""))
        out.push_back({row[0].as<std::string>(), row[1].as<std::string>(), row[2].as<std::string>(),
                       row[3].as<std::string>()});
      return out;
    });
  }

  // False only for a read-only database from before that list.
  bool has_erasures_ = true;
  bool has_withdrawals_ = true;
  std::unique_ptr<pqxx::connection> conn_;
};

}  // namespace

std::unique_ptr<HqStore> open_postgres_store(const std::string& url, bool read_only) {
  try {
    return std::make_unique<PostgresHqStore>(url, read_only);
  } catch (const pqxx::failure& e) {
    // libpq's message names host and reason, never the password.
    throw std::runtime_error(std::string("cannot open PostgreSQL database: ") + e.what());
  }
}

}  // namespace smartstore::sync::detail
