// ctest-labels: integration security
// HQ's two stores behind one ingest, each fed by a real store agent over a
// real mosquitto: SQLite (a file) and PostgreSQL (a server this test starts
// from Debian's binaries). Both must hold every event exactly once, count a
// redelivered batch as duplicates, report the snapshot the store acknowledged,
// and keep what the day-close found missing apart from what is still open.
// Both key events by (store, event id), also in a database made before that.
#include <signal.h>
#include <unistd.h>

#include <ctime>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "smartstore/sync/envelope.h"
#include "smartstore/sync/topics.h"
#include "support/child_process.h"
#include "sync/hq/postgres_server.h"
#include "sync/sync_fixture.h"

using namespace smartstore;
using namespace smartstore::testing;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

// The whole day against one HQ database; delete_at_hq(n) makes HQ lose n of
// the day's events (by whatever means the backend offers).
void store_day(const std::string& db, const std::function<void(int)>& delete_at_hq,
               const std::function<std::int64_t()>& hq_events) {
  SyncRig rig(SyncRig::Hq::ingest, {}, db);
  auto& kiosk = rig.kiosk;
  auto& ingest = *rig.ingest;
  const std::string day = today_utc();
  kiosk.enqueue_many("S001-c", 400, "coupon_issued", day);
  kiosk.enqueue_many("S001-n", 100, "staff_note", day);
  auto opts = rig.options();
  opts.resend_unacked_after = 60s;  // only the day-close resends here
  auto& agent = rig.start_agent(opts);
  REQUIRE(wait_until([&] { return agent.stats().connected; }, 10s));

  write_fast_snapshot(rig.tmp / "v7", "S001", 7, 50);
  REQUIRE(sync::publish_snapshot(rig.publisher(), "S001", rig.tmp / "v7").has_value());
  REQUIRE(wait_until([&] { return kiosk.count("SELECT COUNT(*) FROM outbox WHERE state=2") == 500; }, 20s));
  auto acknowledged = [&] {
    auto r = sync::build_report(db, day);
    return r && r->stores.size() == 1 ? r->stores[0].snapshot_version_acknowledged : -1;
  };
  REQUIRE(wait_until([&] { return acknowledged() == 7; }, 10s));
  CHECK(hq_events() == 500);

  // A batch delivered again (a store that lost HQ's acknowledgement).
  json events = json::array();
  for (const auto& id : kiosk.event_ids_of_day(day, "staff_note")) {
    if (events.size() == 40) break;
    events.push_back({{"event_id", id},
                      {"type", "staff_note"},
                      {"day", day},
                      {"created_at", day + "T10:00:00Z"},
                      {"payload", "{}"}});
  }
  RawClient(rig.broker.uri())
      .send(sync::store_topic("S001", sync::Direction::up, "events"),
            peer_envelope("S001", "events", {{"events", events}}));
  REQUIRE(wait_until([&] { return ingest.stats().duplicates_dropped >= 40; }, 5s));
  CHECK(hq_events() == 500);

  // HQ loses 12 events; the day-close finds them and the store resends them.
  delete_at_hq(12);
  REQUIRE(hq_events() == 488);
  agent.close_day(day);
  REQUIRE(wait_until([&] { return hq_events() == 500; }, 10s));
  REQUIRE(wait_until([&] { return sync::build_report(db, day)->stores.at(0).gaps_recovered == 12; }, 5s));

  auto r = sync::build_report(db, day);
  REQUIRE(r);
  REQUIRE(r->stores.size() == 1);
  const auto& s = r->stores[0];
  CHECK(s.store_id == "S001");
  CHECK(s.events_total == 500);
  CHECK(s.events_by_type.at("coupon_issued") == 400);
  CHECK(s.events_by_type.at("staff_note") == 100);
  CHECK(s.day_closed);
  CHECK(s.gaps == 0);
  CHECK(s.gaps_found == 12);
  CHECK(s.gaps_recovered == 12);
  CHECK(s.snapshot_version_acknowledged == 7);
  // Every duplicate ingest dropped is in the report, and nothing else is.
  CHECK(s.duplicates_dropped >= 40);
  CHECK(s.duplicates_dropped == ingest.stats().duplicates_dropped);
  auto json_text = sync::report_json(*r);
  CHECK(json_text.find("\"gaps_recovered\": 12") != std::string::npos);
}

// A database as HQ made it when events were keyed by event id alone, holding
// S001's event "e-1".
constexpr const char* kEventIdKeyedDb =
    "CREATE TABLE events(event_id TEXT PRIMARY KEY, store_id TEXT NOT NULL, type TEXT NOT NULL, "
    "day TEXT NOT NULL, created_at TEXT NOT NULL, payload TEXT NOT NULL, received_at TEXT NOT NULL);"
    "CREATE INDEX events_store_day ON events(store_id, day, type, event_id);"
    "INSERT INTO events VALUES('e-1','S001','coupon_issued','2026-11-23','2026-11-23T09:00:00Z','{}',"
    "'2026-11-23T09:00:01Z');";

// One store sends the event id another store already used: keyed by event id
// alone, HQ would drop it as a duplicate and acknowledge it, and the store
// would never send it again.
void same_event_id_from_two_stores(const std::string& db, const std::function<std::int64_t()>& hq_events) {
  SyncRig rig(SyncRig::Hq::ingest, {}, db);
  auto& ingest = *rig.ingest;
  CHECK(hq_events() == 1);  // the old row survived the re-keying
  json ev = {{"event_id", "e-1"},
             {"type", "coupon_issued"},
             {"day", "2026-11-23"},
             {"created_at", "2026-11-23T09:00:00Z"},
             {"payload", "{}"}};
  RawClient store(rig.broker.uri());
  store.send(sync::store_topic("S002", sync::Direction::up, "events"),
             peer_envelope("S002", "events", {{"events", {ev}}}));
  REQUIRE(wait_until([&] { return ingest.stats().events_stored == 1; }, 5s));
  CHECK(hq_events() == 2);
  store.send(sync::store_topic("S001", sync::Direction::up, "events"),
             peer_envelope("S001", "events", {{"events", {ev}}}));
  REQUIRE(wait_until([&] { return ingest.stats().duplicates_dropped == 1; }, 5s));
  CHECK(hq_events() == 2);
}

}  // namespace

TEST_CASE("SQLite: events are keyed by store and event id, also in a database made before") {
  TempDir hq;
  auto file = (hq / "hq.db").string();
  sqlite3* h = nullptr;
  REQUIRE(sqlite3_open(file.c_str(), &h) == SQLITE_OK);
  REQUIRE(sqlite3_exec(h, kEventIdKeyedDb, nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(h);
  same_event_id_from_two_stores(file, [&] { return hq_count(file, "SELECT COUNT(*) FROM events"); });
  CHECK(hq_count(file, "SELECT pk FROM pragma_table_info('events') WHERE name='store_id'") == 1);
}

TEST_CASE("PostgreSQL: events are keyed by store and event id, also in a database made before") {
  TempDir tmp;
  PostgresServer pg(tmp / "pg");
  pqxx::connection admin(pg.url());
  {
    pqxx::work w(admin);
    w.exec(kEventIdKeyedDb);
    w.commit();
  }
  same_event_id_from_two_stores(pg.url(), [&] {
    pqxx::read_transaction t(admin);
    return t.exec("SELECT COUNT(*) FROM events")[0][0].as<std::int64_t>();
  });
  pqxx::read_transaction t(admin);
  CHECK(t.exec("SELECT COUNT(*) FROM information_schema.key_column_usage WHERE table_name='events' AND "
               "constraint_name='events_pkey'")[0][0]
            .as<int>() == 2);
}

TEST_CASE("SQLite: exactly once, duplicates counted, snapshot acknowledged, gaps found and recovered") {
  TempDir hq;
  auto file = (hq / "hq.db").string();
  store_day(
      file,
      [&](int n) {
        sqlite3* h = nullptr;
        sqlite3_open(file.c_str(), &h);
        sqlite3_busy_timeout(h, 2000);
        std::string sql =
            "DELETE FROM events WHERE event_id IN (SELECT event_id FROM events WHERE type='coupon_issued' "
            "ORDER BY event_id LIMIT " +
            std::to_string(n) + ")";
        CHECK(sqlite3_exec(h, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
        sqlite3_close(h);
      },
      [&] { return hq_count(file, "SELECT COUNT(*) FROM events"); });
  CHECK((std::filesystem::status(file).permissions() & std::filesystem::perms::others_read) ==
        std::filesystem::perms::none);
}

TEST_CASE("a report's error never shows the database password") {
  auto r = sync::build_report("postgresql://hq:s3cret-pw@127.0.0.1:1/postgres", "2026-11-23");
  REQUIRE_FALSE(r);
  CHECK(r.error().kind() == ErrorKind::unavailable);
  CHECK(r.error().message().find("s3cret-pw") == std::string::npos);
  CHECK(r.error().message().find("postgresql://hq:***@127.0.0.1:1/postgres") != std::string::npos);
}

TEST_CASE("PostgreSQL: the same day through libpqxx") {
  TempDir tmp;
  PostgresServer pg(tmp / "pg");
  pqxx::connection admin(pg.url());
  {
    // A report pointed at a database ingest never wrote refuses, by name, and
    // creates nothing there.
    auto r = sync::build_report(pg.url(), today_utc());
    REQUIRE_FALSE(r);
    CHECK(r.error().message().find("no smartstore HQ tables") != std::string::npos);
    pqxx::read_transaction t(admin);
    CHECK(t.exec("SELECT to_regclass('events') IS NULL")[0][0].as<bool>());
  }
  store_day(
      pg.url(),
      [&](int n) {
        pqxx::work w(admin);
        w.exec_params(
            "DELETE FROM events WHERE event_id IN (SELECT event_id FROM events WHERE type='coupon_issued' "
            "ORDER BY event_id COLLATE \"C\" LIMIT $1)",
            n);
        w.commit();
      },
      [&] {
        pqxx::read_transaction t(admin);
        return t.exec("SELECT COUNT(*) FROM events")[0][0].as<std::int64_t>();
      });
  // The unique constraint is what makes ingest idempotent, also across processes.
  pqxx::work w(admin);
  CHECK(w.exec("SELECT COUNT(*) FROM pg_constraint WHERE conrelid='events'::regclass AND contype='p'")[0][0]
            .as<int>() == 1);
}
