// ctest-labels: unit
// HQ's SQLite store on a database from before the stores table: opened for
// writing, it lists every store its events, day-closes and snapshot
// acknowledgements name (store_ids reads that table alone from then on);
// opened read-only, a file from before the erasure list has no erasures.
#include <sqlite3.h>

#include "../../../sync/src/hq/hq_store.h"
#include "sync/sync_fixture.h"

using namespace smartstore;
using namespace smartstore::testing;

namespace {

void exec(const std::filesystem::path& file, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(file.c_str(), &db) == SQLITE_OK);
  char* err = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
  const std::string message = err ? err : "";
  sqlite3_free(err);
  sqlite3_close(db);
  INFO(message);
  REQUIRE(rc == SQLITE_OK);
}

// The tables as an HQ database had them before stores and erasures existed.
void old_database(const std::filesystem::path& file) {
  exec(file,
       sync::detail::events_table_sql() +
           "CREATE TABLE snapshot_acks(store_id TEXT NOT NULL, version INTEGER NOT NULL, applied INTEGER NOT "
           "NULL, error TEXT NOT NULL, received_at TEXT NOT NULL);"
           "CREATE TABLE day_closes(store_id TEXT NOT NULL, day TEXT NOT NULL, type TEXT NOT NULL, "
           "store_count INTEGER NOT NULL, store_sha TEXT NOT NULL, gaps_found INTEGER NOT NULL DEFAULT 0, "
           "PRIMARY KEY(store_id, day, type));"
           "INSERT INTO events VALUES('e1','S002','staff_note','2026-12-01','t','{}','t');"
           "INSERT INTO snapshot_acks VALUES('S007',3,1,'','t');"
           "INSERT INTO day_closes VALUES('S001','2026-12-01','staff_note',1,'x',0);");
}

}  // namespace

TEST_CASE("a database from before the stores table lists the stores it names, once filled") {
  const TempDir tmp;
  old_database(tmp / "hq.db");
  {
    auto read_only = sync::detail::open_sqlite_store((tmp / "hq.db").string(), true);
    CHECK(read_only->erasures().empty());
  }
  auto db = sync::detail::open_sqlite_store((tmp / "hq.db").string(), false);
  CHECK(db->store_ids() == std::vector<std::string>{"S001", "S002", "S007"});
  CHECK(db->acknowledged_version("S007") == 3);
  // From here the table is kept by ingest's note_store, not refilled at each open.
  exec(tmp / "hq.db", "INSERT INTO events VALUES('e2','S009','staff_note','2026-12-01','t','{}','t');");
  db->note_store("S003");
  CHECK(sync::detail::open_sqlite_store((tmp / "hq.db").string(), false)->store_ids() ==
        std::vector<std::string>{"S001", "S002", "S003", "S007"});
}
