// What both HQ stores share: their tables, and which one a --db names.
#include "hq/hq_store.h"

namespace smartstore::sync::detail {

std::string events_table_sql() {
  // Keyed by (store, event id): one store cannot claim, and so suppress,
  // another store's event ids.
  return "CREATE TABLE IF NOT EXISTS events("
         "event_id TEXT NOT NULL, store_id TEXT NOT NULL, type TEXT NOT NULL, day TEXT NOT NULL, "
         "created_at TEXT NOT NULL, payload TEXT NOT NULL, received_at TEXT NOT NULL, "
         "PRIMARY KEY(store_id, event_id));\n"
         "CREATE INDEX IF NOT EXISTS events_store_day ON events(store_id, day, type, event_id);\n";
}

std::string hq_schema(std::string_view integer_type, std::string_view boolean_type,
                      std::string_view blob_type) {
  const std::string i(integer_type), b(boolean_type), blob(blob_type);
  return events_table_sql() +
         "CREATE TABLE IF NOT EXISTS duplicates(store_id TEXT NOT NULL, day TEXT NOT NULL, count " + i +
         " NOT NULL, PRIMARY KEY(store_id, day));\n"
         "CREATE TABLE IF NOT EXISTS snapshot_acks(store_id TEXT NOT NULL, version " +
         i + " NOT NULL, applied " + b +
         " NOT NULL, error TEXT NOT NULL, received_at TEXT NOT NULL);\n"
         "CREATE TABLE IF NOT EXISTS day_closes(store_id TEXT NOT NULL, day TEXT NOT NULL, type TEXT NOT "
         "NULL, "
         "store_count " +
         i + " NOT NULL, store_sha TEXT NOT NULL, gaps_found " + i +
         " NOT NULL DEFAULT 0, PRIMARY KEY(store_id, day, type));\n"
         "CREATE TABLE IF NOT EXISTS erasures(member_key TEXT PRIMARY KEY, request_id TEXT NOT NULL, "
         "origin TEXT NOT NULL, requested_at TEXT NOT NULL, recorded_at TEXT NOT NULL);\n"
         "CREATE TABLE IF NOT EXISTS stores(store_id TEXT PRIMARY KEY, first_seen TEXT NOT NULL);\n"
         "CREATE TABLE IF NOT EXISTS published_snapshots(store_id TEXT NOT NULL, version " +
         i + " NOT NULL, digests " + blob +
         " NOT NULL, published_at TEXT NOT NULL, PRIMARY KEY(store_id, version));\n"
         "CREATE TABLE IF NOT EXISTS consent_withdrawals(member_key TEXT PRIMARY KEY, request_id TEXT NOT "
         "NULL, origin TEXT NOT NULL, requested_at TEXT NOT NULL, recorded_at TEXT NOT NULL);\n";
}

std::string stores_backfill_sql(std::string_view now) {
  const std::string seen = "'" + std::string(now) + "'";
  return "INSERT INTO stores(store_id, first_seen) SELECT store_id, " + seen +
         " FROM (SELECT store_id FROM events UNION SELECT store_id FROM day_closes UNION SELECT store_id "
         "FROM snapshot_acks) s WHERE true ON CONFLICT(store_id) DO NOTHING";
}

std::string prune_published_sql(char p) {
  const std::string store = p + std::string("1"), acked = p + std::string("2"), newer = p + std::string("3");
  return "DELETE FROM published_snapshots WHERE store_id=" + store + " AND (version < " + acked +
         " OR (version > " + acked +
         " AND version NOT IN (SELECT version FROM published_snapshots WHERE "
         "store_id=" +
         store + " AND version > " + acked + " ORDER BY version DESC LIMIT " + newer + ")))";
}

std::string sqlite_events_rekey_sql() {
  // SQLite cannot change a primary key in place: the table is copied.
  return "BEGIN IMMEDIATE;\n"
         "ALTER TABLE events RENAME TO events_by_event_id;\n"
         "DROP INDEX IF EXISTS events_store_day;\n" +
         events_table_sql() +
         "INSERT INTO events SELECT event_id, store_id, type, day, created_at, payload, received_at "
         "FROM events_by_event_id;\n"
         "DROP TABLE events_by_event_id;\n"
         "COMMIT;\n";
}

bool is_postgres_url(const std::string& db) {
  return db.rfind("postgresql://", 0) == 0 || db.rfind("postgres://", 0) == 0;
}

std::string db_for_logs(const std::string& db) {
  if (!is_postgres_url(db)) return db;
  // postgresql://user:secret@host/... -> postgresql://user:***@host/...
  auto scheme_end = db.find("://") + 3;
  auto at = db.find('@', scheme_end);
  auto colon = db.find(':', scheme_end);
  if (at == std::string::npos || colon == std::string::npos || colon > at) return db;
  return db.substr(0, colon + 1) + "***" + db.substr(at);
}

std::unique_ptr<HqStore> open_hq_store(const std::string& db, bool read_only) {
  if (is_postgres_url(db)) return open_postgres_store(db, read_only);
  return open_sqlite_store(db, read_only);
}

}  // namespace smartstore::sync::detail
