// ctest-labels: unit
// The SQLite wrapper: transactions as values, the kinds SQLite's codes become,
// and file names that are not plain in a file: URI ('?', '#', '%').
#include "smartstore/common/sqlite/database.h"

#include <doctest/doctest.h>
#include <sys/stat.h>

#include "support/test_paths.h"

using namespace smartstore;
using smartstore::testing::TempDir;

namespace {

std::int64_t rows(sqlite::Database& db) {
  return db.scalar_int("SELECT count(*) FROM t");
}

}  // namespace

TEST_CASE("transaction commits when the body returns ok, rolls back on an error or a failed statement") {
  TempDir dir;
  sqlite::Database db(dir / "t.db");
  db.exec("CREATE TABLE t (x INTEGER PRIMARY KEY)");

  CHECK(db.transaction([&](sqlite::Transaction&) { db.exec("INSERT INTO t VALUES (1)"); }).has_value());
  CHECK(rows(db) == 1);

  Status refused = db.transaction([&](sqlite::Transaction&) -> Status {
    db.exec("INSERT INTO t VALUES (2)");
    return fail(ErrorKind::outbox_full, "outbox full", "test");
  });
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().kind() == ErrorKind::outbox_full);
  CHECK(rows(db) == 1);  // rolled back

  Status failed = db.transaction([&](sqlite::Transaction&) { db.exec("INSERT INTO t VALUES (1)"); });
  REQUIRE_FALSE(failed.has_value());
  CHECK(failed.error().kind() == ErrorKind::conflict);  // the UNIQUE constraint, as a kind
  CHECK(failed.error().origin() == "storage");
  CHECK_FALSE(db.in_transaction());

  sqlite::StatementScope insert(db.prepared("INSERT INTO t VALUES (?1)"));
  CHECK(insert->bind(1, std::int64_t{1}).run());  // run() reports the constraint instead of throwing
  CHECK(db.integrity_ok());
}

TEST_CASE("storage errors: SQLite's codes become kinds, and only the disk's are refusals") {
  TempDir dir;
  sqlite::Database db(dir / "k.db");
  try {
    db.exec("SELECT * FROM no_such_table");
    FAIL("expected a StorageError");
  } catch (const sqlite::StorageError& e) {
    CHECK(e.kind() == ErrorKind::internal);  // a bug, not the disk
    CHECK_FALSE(e.refusal("nothing written"));
  }
  const sqlite::StorageError named("k.db has schema version 99", ErrorKind::unsupported);
  CHECK(named.error().kind() == ErrorKind::unsupported);
  CHECK(std::string(named.what()).find("schema version 99") != std::string::npos);
  const sqlite::StorageError full("k.db", ErrorKind::storage_full);
  auto refusal = full.refusal("note not stored");
  REQUIRE(refusal);
  CHECK(refusal->message().rfind("storage full (", 0) == 0);
  CHECK(refusal->message().find("note not stored") != std::string::npos);
}

TEST_CASE("a path with '?', '#' and '%' opens, read-write and read-only through a file: URI") {
  TempDir dir;
  const auto file = dir / "odd?name#with%41.db";
  {
    sqlite::Database db(file);
    db.exec("CREATE TABLE t (x INTEGER)");
    db.exec("INSERT INTO t VALUES (7)");
    db.exec("PRAGMA user_version=5");
  }
  CHECK(std::filesystem::exists(file));  // the name SQLite used is the one asked for
  struct stat st {};
  REQUIRE(::stat(file.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);

  CHECK(sqlite::peek_user_version(file) == 5);
  CHECK_FALSE(sqlite::peek_user_version(dir / "odd?name#with%41.db.missing"));

  sqlite::DatabaseOptions ro;
  ro.read_only = true;
  sqlite::Database reader(file, ro);
  CHECK(reader.read_only());
  CHECK(reader.scalar_int("SELECT x FROM t") == 7);
  Status write = reader.transaction([&](sqlite::Transaction&) { reader.exec("INSERT INTO t VALUES (8)"); });
  REQUIRE_FALSE(write.has_value());
  CHECK(write.error().kind() == ErrorKind::storage_read_only);
  CHECK_THROWS_AS(sqlite::Database(dir / "missing.db", ro), sqlite::StorageError);
}
