// ctest-labels: integration crash
// The kiosk's data directory comes up read-only (a failing SD card): reads are
// served, writes refused (storage_read_only), and they resume without a restart.
// Needs root for a small tmpfs; without it each case exits skipped.
#include <doctest/doctest.h>

#include "scenarios/storage_faults.h"

using namespace smartstore;
using namespace smartstore::testing;
using namespace smartstore::testing::storage_faults;
using namespace std::chrono_literals;

// Killed with its last commits only in the -wal, then back read-only: the
// -wal and -shm are there, SQLite reads them (mode=ro), nothing is lost from view.
// The crash also leaves a -shm, which the read-only connection maps: the
// read-write one must not inherit that mapping when the storage comes back
// (writes failed until a restart with "attempt to write a readonly database").
TEST_CASE("read-only after a crash: the commits still in the -wal are served, and writes resume when rw") {
  FaultyKiosk k;
  skip_without_tmpfs(k);
  REQUIRE_MESSAGE(k.start(), k.daemon->log());
  auto note = post_note(k.port);
  REQUIRE(note.status == 201);
  k.daemon->signal(SIGKILL);
  k.daemon->wait(10s);
  REQUIRE(std::filesystem::exists(k.data.dir / "kiosk.db-wal"));
  REQUIRE(k.data.remount(true));
  REQUIRE_MESSAGE(k.start(), k.daemon->log());
  auto view = http(k.port, "GET", kLookup);
  CHECK(view.status == 200);
  CHECK(view.raw.find(note.body.value("event_id", "?")) != std::string::npos);
  expect_refused(k.port, "storage_read_only");
  REQUIRE(k.data.remount(false));  // the card is back, the daemon still running
  auto after = post_note(k.port);
  CHECK_MESSAGE(after.status == 201, after.raw, k.daemon->log());
  CHECK(k.stop() == 0);
  CHECK(k.integrity() == "ok");
}

TEST_CASE("read-only with an older schema: a start-up error that names the file and says it cannot migrate") {
  FaultyKiosk k;
  skip_without_tmpfs(k);
  REQUIRE_MESSAGE(k.start(), k.daemon->log());
  REQUIRE(k.stop() == 0);
  {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open((k.data.dir / "kiosk.db").c_str(), &db) == SQLITE_OK);
    CHECK(sqlite3_exec(db, "PRAGMA user_version=3", nullptr, nullptr, nullptr) ==
          SQLITE_OK);  // as an older release left it
    sqlite3_close(db);
  }
  REQUIRE(k.data.remount(true));
  CHECK_FALSE(k.start());
  CHECK(k.daemon->wait(10s) == 1);
  const auto log = k.daemon->log();
  INFO(log);
  CHECK(log.find((k.data.dir / "kiosk.db").string() + " is read-only") != std::string::npos);
  CHECK(log.find("cannot migrate") != std::string::npos);
  REQUIRE(k.data.remount(false));
}

// The sync agent stages snapshots in data_dir/sync-staging: on storage
// read-only at start its set-up threw and smartstored exited. It now starts
// without the agent (saying why) and serves.
TEST_CASE("read-only with a broker configured: the kiosk starts without sync and serves") {
  TempDir broker_dir;
  MosquittoBroker broker(broker_dir / "broker");
  FaultyKiosk k(broker.uri());
  skip_without_tmpfs(k);
  REQUIRE_MESSAGE(k.start(), k.daemon->log());
  issue_coupons(k.port, 2, 400);
  REQUIRE(k.stop() == 0);
  REQUIRE(k.data.remount(true));
  REQUIRE_MESSAGE(k.start(), k.daemon->log());
  CHECK(k.daemon->log().find("sync: not started: the data directory is read-only") != std::string::npos);
  CHECK(http(k.port, "GET", kLookup).status == 200);
  expect_refused(k.port, "storage_read_only");
  CHECK(k.daemon->running());
  CHECK(k.stop() == 0);
  REQUIRE(k.data.remount(false));
  CHECK(k.integrity() == "ok");
}

// Started read-only, the kiosk used to leave sync off until a restart even
// after the storage came back. Now the sync component checks the storage on a
// timer (broker.reconnect_max_ms) and starts the agent once it is writable:
// the events journalled before the read-only start reach HQ, each once.
TEST_CASE("read-only with a broker configured: sync starts by itself once the storage is writable again") {
  KioskWithHq h;
  skip_without_tmpfs(h.k);
  h.journal_offline(4, 500);
  const auto db_file = h.k.data.dir / "kiosk.db";
  const auto journalled = unsent_event_ids(db_file);
  REQUIRE(journalled.size() >= 4);

  h.start_hq();
  REQUIRE(h.k.data.remount(true));
  REQUIRE_MESSAGE(h.k.start(), h.k.daemon->log());
  CHECK(h.k.daemon->log().find("sync: not started: the data directory is read-only") != std::string::npos);
  std::this_thread::sleep_for(1s);  // a few storage checks: still read-only, nothing sent
  CHECK(h.at_hq("SELECT COUNT(*) FROM events") == 0);

  REQUIRE(h.k.data.remount(false));
  std::string id_list;
  for (const auto& id : journalled) id_list += (id_list.empty() ? "'" : ",'") + id + "'";
  const std::string all_at_hq =
      "SELECT COUNT(*) FROM events WHERE store_id = 'S001' AND event_id IN (" + id_list + ")";
  const bool delivered =
      wait_until([&] { return h.at_hq(all_at_hq) == static_cast<std::int64_t>(journalled.size()); }, 20s);
  CHECK_MESSAGE(delivered, "HQ holds " << h.at_hq(all_at_hq) << " of " << journalled.size()
                                       << " journalled events\n"
                                       << h.k.daemon->log());
  const auto log = h.k.daemon->log();
  const std::string started = "sync: the data directory is writable again; agent started";
  CHECK(log.find(started) != std::string::npos);
  CHECK(log.find(started) == log.rfind(started));  // logged once
  CHECK(h.k.daemon->running());
  CHECK(h.k.stop() == 0);
  // Marked sent on the storage that came back.
  CHECK_MESSAGE(unsent_event_ids(db_file).empty(), h.k.daemon->log());
  CHECK(h.k.integrity() == "ok");
}
