// ctest-labels: unit crash
// sqlite::Database on read-only storage (a tmpfs remounted ro; root ignores
// chmod): reads served, a Transaction refused with SQLITE_READONLY naming the
// file, and — once the mount is rw again — the next Transaction reopens the
// connection read-write in place, with cached statements still usable. The
// Checkpointer holds no connection meanwhile. Needs root; otherwise skipped (tests/support/skip.h).
#include <doctest/doctest.h>

#include <thread>

#include "smartstore/common/sqlite/checkpointer.h"
#include "smartstore/common/sqlite/database.h"
#include "support/skip.h"
#include "support/test_paths.h"
#include "support/tmpfs_mount.h"

using namespace smartstore::sqlite;
using smartstore::testing::TmpfsMount;
using namespace std::chrono_literals;

TEST_CASE("database on read-only storage: reads, a named refusal, then read-write again in place") {
  smartstore::testing::TempDir tmp;
  TmpfsMount fs(tmp / "data", "2m");
  if (!fs.mounted) {
    smartstore::testing::skip_test("a tmpfs needs root");
  }
  const auto file = fs.dir / "k.db";
  {
    Database db(file);
    db.exec("CREATE TABLE t (x INTEGER)");
    db.exec("INSERT INTO t VALUES (1), (2)");
  }
  REQUIRE_FALSE(std::filesystem::exists(file.string() + "-shm"));  // a clean close: no -shm to read through
  REQUIRE(fs.remount(true));
  CHECK_FALSE(storage_access(file).writable);

  DatabaseOptions options;
  options.auto_checkpoint = false;
  Database db(file, options);
  CHECK(db.read_only());
  CHECK(db.read_only_reason().find(fs.dir.string()) != std::string::npos);
  Statement& count = db.prepared("SELECT count(*) FROM t");
  REQUIRE(count.step());
  CHECK(count.column_int(0) == 2);
  count.reset();
  Checkpointer checkpointer(file, CheckpointerOptions{std::chrono::milliseconds(50)});
  CHECK_FALSE(checkpointer.active());

  try {
    Transaction tx(db);
    FAIL("a transaction began on read-only storage");
  } catch (const StorageError& e) {
    CHECK(e.kind() == smartstore::ErrorKind::storage_read_only);
    CHECK(std::string(e.what()).find(file.string() + " is read-only") != std::string::npos);
  }
  CHECK(db.read_only_refusals() == 1);
  std::this_thread::sleep_for(200ms);
  CHECK(checkpointer.stats().busy == 0);  // waiting for writable storage is not a failed checkpoint

  REQUIRE(fs.remount(false));
  {
    Transaction tx(db);  // reopens read-write
    db.exec("INSERT INTO t VALUES (3)");
    tx.commit();
  }
  CHECK_FALSE(db.read_only());
  REQUIRE(count.step());  // the cached statement moved to the new connection
  CHECK(count.column_int(0) == 3);
  count.reset();
  bool active = false;
  for (int i = 0; i < 40 && !active; ++i) {
    std::this_thread::sleep_for(50ms);
    active = checkpointer.active();
  }
  CHECK(active);
  CHECK(std::filesystem::exists(file.string() + "-wal"));  // reopened in WAL mode
  CHECK(db.scalar_int("SELECT count(*) FROM t") == 3);
}

TEST_CASE("database on read-only storage: a missing file is an error that names it") {
  smartstore::testing::TempDir tmp;
  TmpfsMount fs(tmp / "data", "2m");
  if (!fs.mounted) {
    smartstore::testing::skip_test("a tmpfs needs root");
  }
  REQUIRE(fs.remount(true));
  const auto file = fs.dir / "missing.db";
  try {
    Database db(file);
    FAIL("opened a database that does not exist on read-only storage");
  } catch (const StorageError& e) {
    CHECK(std::string(e.what()).find(file.string()) != std::string::npos);
  }
  REQUIRE(fs.remount(false));
}
