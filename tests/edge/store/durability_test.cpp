// The shipped durability: commits are NORMAL and a background checkpointer
// makes them power-safe (WAL fsynced and copied) shortly after; money and
// staff work commit FULL; checkpoints never run on the scan path.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <thread>

#include "smartstore/common/sqlite/database.h"
#include "smartstore/edge/kiosk/kiosk.h"
#include "smartstore/edge/store/kiosk_store.h"
#include "smartstore/models/member_key.h"
#include "support/member_numbers.h"
#include "support/test_paths.h"

using namespace smartstore;
using namespace smartstore::edge;
using smartstore::testing::TempDir;
using namespace std::chrono_literals;
using smartstore::testing::with_luhn_digit;

namespace {

// (frames in the WAL, frames already copied) as another connection sees them.
std::pair<int, int> wal_state(const std::filesystem::path& file) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(file.c_str(), &db) == SQLITE_OK);
  int log = -1, copied = -1;
  sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_PASSIVE, &log, &copied);
  sqlite3_close(db);
  return {log, copied};
}
}  // namespace

TEST_CASE("a synced transaction is FULL on a NORMAL connection, and only for itself") {
  TempDir dir;
  sqlite::DatabaseOptions o;
  o.synchronous_full = false;
  sqlite::Database db(dir / "d.db", o);
  CHECK(db.scalar_int("PRAGMA synchronous") == 1);  // NORMAL
  {
    sqlite::Transaction tx(db, sqlite::Durability::synced);
    CHECK(db.scalar_int("PRAGMA synchronous") == 2);  // FULL for this commit
    tx.commit();
  }
  CHECK(db.scalar_int("PRAGMA synchronous") == 1);
  { sqlite::Transaction rolled_back(db, sqlite::Durability::synced); }
  CHECK(db.scalar_int("PRAGMA synchronous") == 1);
  CHECK(db.scalar_int("PRAGMA wal_autocheckpoint") == 1000);  // the default unless a Checkpointer runs them

  sqlite::DatabaseOptions full;
  full.auto_checkpoint = false;
  sqlite::Database db_full(dir / "f.db", full);
  CHECK(db_full.scalar_int("PRAGMA synchronous") == 2);
  CHECK(db_full.scalar_int("PRAGMA wal_autocheckpoint") == 0);
  {
    sqlite::Transaction tx(db_full, sqlite::Durability::synced);
    tx.commit();
  }
  CHECK(db_full.scalar_int("PRAGMA synchronous") == 2);
}

TEST_CASE("issued coupons become power-safe in the background; the WAL is checkpointed off the scan path") {
  TempDir dir;
  const std::vector<unsigned char> deployment_key(32, 7);
  store::StoreOptions so;
  so.store_id = "S001";
  so.checkpoint_interval = 10s;  // only the nudges after issues can explain a prompt flush
  store::KioskStore s(dir / "kiosk.db", so);
  CHECK_FALSE(s.options().synchronous_full);
  REQUIRE(s.keys().add(1, std::vector<unsigned char>(32, 9), Clock::now()));
  kiosk::KioskOptions ko;
  ko.store_id = "S001";
  ko.deployment_key = deployment_key;
  ko.policy.welcome_per_hour = ko.policy.welcome_per_day = 1000;  // 200 welcomes in one instant
  kiosk::Kiosk k(s, ko);
  const auto now = Clock::time_point(std::chrono::seconds(1'717'200'000));
  int issued = 0;
  for (int i = 0; i < 200; ++i) {
    auto out = k.on_scan(with_luhn_digit(std::to_string(100000000000000LL + i)), now);
    issued += out.coupon ? 1 : 0;
  }
  CHECK(issued == 200);  // unknown members: the welcome offer each
  sqlite::CheckpointStats stats;
  for (int i = 0; i < 100; ++i) {
    stats = s.checkpoint_stats();
    auto [log, copied] = wal_state(dir / "kiosk.db");
    if (!stats.flush_lag_ms.empty() && log == copied) break;
    std::this_thread::sleep_for(50ms);
  }
  REQUIRE_FALSE(stats.flush_lag_ms.empty());
  CHECK(stats.runs >= 1);
  for (double lag : stats.flush_lag_ms) CHECK(lag < 5000.0);  // well before the 10 s idle period
  auto [log, copied] = wal_state(dir / "kiosk.db");
  CHECK(log == copied);  // every committed frame is in the database file
  CHECK(s.integrity_ok());
}
