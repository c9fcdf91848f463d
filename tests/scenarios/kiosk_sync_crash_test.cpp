// ctest-labels: crash integration
// smartstored with sync on, SIGKILLed against a real mosquitto: mid-uplink
// (HQ still ends with every event exactly once) and mid-snapshot apply (the
// cache holds wholly the old or wholly the new version, the database is
// intact, and after the restart the new version is applied and acknowledged).
#include <signal.h>
#include <sys/stat.h>

#include <fstream>
#include <random>
#include <set>

#include "support/key_files.h"
#include "support/child_process.h"
#include "sync/sync_fixture.h"

using namespace smartstore;
using namespace smartstore::testing;
using namespace std::chrono_literals;

using smartstore::testing::provision_key;

namespace {

// Read-write handle on the kiosk's database while smartstored is down or
// running (WAL: readers do not block it).
class KioskDb {
 public:
  explicit KioskDb(const std::filesystem::path& file) {
    if (sqlite3_open(file.c_str(), &db_) != SQLITE_OK) throw std::runtime_error("open " + file.string());
    sqlite3_busy_timeout(db_, 5000);
  }
  ~KioskDb() { sqlite3_close(db_); }
  KioskDb(const KioskDb&) = delete;
  KioskDb& operator=(const KioskDb&) = delete;
  std::string text(const std::string& sql) {
    sqlite3_stmt* s = nullptr;
    std::string v;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &s, nullptr) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW &&
        sqlite3_column_text(s, 0) != nullptr)
      v = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    return v;
  }
  std::int64_t count(const std::string& sql) {
    auto t = text(sql);
    return t.empty() ? -1 : std::stoll(t);
  }
  std::set<std::string> column(const std::string& sql) {
    sqlite3_stmt* s = nullptr;
    std::set<std::string> out;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &s, nullptr) == SQLITE_OK)
      while (sqlite3_step(s) == SQLITE_ROW)
        out.insert(reinterpret_cast<const char*>(sqlite3_column_text(s, 0)));
    sqlite3_finalize(s);
    return out;
  }
  // The events the kiosk journaled while offline, written as its outbox rows
  // (edge's schema: outbox(event_id, type, day, created_at, payload, sent, acked_at)).
  void enqueue(const std::string& prefix, std::size_t n, const std::string& day) {
    sqlite3_exec(db_, "BEGIN", nullptr, nullptr, nullptr);
    sqlite3_stmt* s = nullptr;
    std::size_t failed = 0;
    sqlite3_prepare_v2(db_, "INSERT INTO outbox(event_id, type, day, created_at, payload) VALUES(?,?,?,?,?)",
                       -1, &s, nullptr);
    for (std::size_t i = 0; i < n; ++i) {
      char id[64];
      std::snprintf(id, sizeof id, "%s-%08zu", prefix.c_str(), i);
      std::string type = i % 3 ? "coupon_issued" : "staff_note";
      std::string created = day + "T10:00:00Z", payload = "{\"n\":" + std::to_string(i) + "}";
      sqlite3_bind_text(s, 1, id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(s, 2, type.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(s, 3, day.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(s, 4, created.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(s, 5, payload.c_str(), -1, SQLITE_TRANSIENT);
      failed += sqlite3_step(s) == SQLITE_DONE ? 0 : 1;
      sqlite3_reset(s);
    }
    sqlite3_finalize(s);
    REQUIRE(failed == 0);
    REQUIRE(sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK);
  }

 private:
  sqlite3* db_ = nullptr;
};

// One kiosk (S001/K01) configured as in firmware-config/kiosk.example.toml,
// syncing over plain TCP to the test's broker, with small uplink batches so
// an uplink lasts long enough to be interrupted.
class Kiosk {
 public:
  Kiosk(const TempDir& dir, const std::string& broker_uri) : dir_(dir / "kiosk") {
    provision_key(dir_ / "etc/deployment.key");
    provision_key(dir_ / "etc/coupon.key");
    write_file(dir_ / "etc/staff.toml", "");
    write_file(dir_ / "kiosk.toml",
               "[kiosk]\nstore_id = \"S001\"\nkiosk_id = \"K01\"\ndata_dir = \"" + (dir_ / "data").string() +
                   "\"\ndeployment_key_file = \"" + (dir_ / "etc/deployment.key").string() +
                   "\"\ncoupon_key_file = \"" + (dir_ / "etc/coupon.key").string() +
                   "\"\nlog_level = \"info\"\n\n[broker]\nuri = \"" + broker_uri +
                   "\"\nallow_plaintext = true\nuplink_batch_size = 50\nuplink_interval_ms = 100\nreconnect_min_ms = 100\n"
                   "reconnect_max_ms = 1000\n\n[http]\nlisten = \"127.0.0.1:" +
                   std::to_string(free_loopback_port()) + "\"\nstaff_file = \"" +
                   (dir_ / "etc/staff.toml").string() + "\"\n");
  }
  void start() {
    process_.reset();
    process_ = std::make_unique<ChildProcess>(
        program("smartstored"), std::vector<std::string>{"--config", (dir_ / "kiosk.toml").string()},
        dir_ / ("run" + std::to_string(++runs_) + ".log"));
    REQUIRE_MESSAGE(process_->wait_for_log("smartstored ready", 30s), process_->log());
  }
  void kill9() {
    process_->signal(SIGKILL);
    CHECK(process_->wait(10s) == 128 + SIGKILL);
  }
  void stop() {
    process_->signal(SIGTERM);
    CHECK(process_->wait(20s) == 0);
  }
  ChildProcess& process() { return *process_; }
  std::filesystem::path db() const { return dir_ / "data/kiosk.db"; }

 private:
  std::filesystem::path dir_;
  std::unique_ptr<ChildProcess> process_;
  int runs_ = 0;
};

}  // namespace

TEST_CASE("kiosk SIGKILLed mid-uplink: after the restart HQ holds every event exactly once") {
  TempDir tmp;
  MosquittoBroker broker(tmp / "broker");
  sync::Ingest ingest(ingest_options(broker.uri(), tmp / "hq.db"));
  REQUIRE(ingest.start().has_value());
  Kiosk kiosk(tmp, broker.uri());
  kiosk.start();  // creates and migrates the store
  kiosk.stop();

  constexpr std::int64_t n = 20'000;
  const std::string day = today_utc();
  {
    KioskDb db(kiosk.db());
    db.enqueue("crash-up", n, day);
  }
  kiosk.start();
  const std::string events_sql = "SELECT COUNT(*) FROM events WHERE event_id LIKE 'crash-up-%'";
  REQUIRE(wait_until([&] { return hq_count(tmp / "hq.db", events_sql) >= 1'500; }, 30s));
  kiosk.kill9();
  auto at_kill = hq_count(tmp / "hq.db", events_sql);
  MESSAGE("HQ held " << at_kill << " of " << n << " events at the kill");
  {
    KioskDb db(kiosk.db());
    CHECK(db.text("PRAGMA integrity_check") == "ok");
    REQUIRE(db.count("SELECT COUNT(*) FROM outbox WHERE acked_at IS NULL") > 0);  // killed mid-uplink
  }
  REQUIRE(at_kill < n);

  kiosk.start();
  REQUIRE(wait_until([&] { return hq_count(tmp / "hq.db", events_sql) == n; }, 40s));
  KioskDb db(kiosk.db());
  // Every event HQ acknowledged back, so nothing stays queued at the store.
  CHECK(wait_until([&] { return db.count("SELECT COUNT(*) FROM outbox WHERE acked_at IS NULL") == 0; }, 20s));
  kiosk.stop();
  ingest.stop();

  // Exactly once: the same ids on both sides, no extra rows at HQ, the types right.
  KioskDb hq(tmp / "hq.db");
  CHECK(hq.column("SELECT event_id FROM events") == db.column("SELECT event_id FROM outbox"));
  CHECK(hq.count("SELECT COUNT(*) FROM events") == n);
  CHECK(hq.count("SELECT COUNT(*) FROM events WHERE type='staff_note'") == (n + 2) / 3);
  CHECK(hq.count("SELECT COUNT(*) FROM events WHERE day='" + day + "'") == n);
  CHECK(db.count("SELECT COUNT(*) FROM outbox") == n);
}

TEST_CASE(
    "kiosk SIGKILLed mid-snapshot apply: wholly old or wholly new, intact, then completed and acknowledged") {
  TempDir tmp;
  MosquittoBroker broker(tmp / "broker");
  std::filesystem::create_directories(tmp / "hq-snapshots");
  sync::Ingest ingest(ingest_options(broker.uri(), tmp / "hq.db", tmp / "hq-snapshots"));
  REQUIRE(ingest.start().has_value());
  Kiosk kiosk(tmp, broker.uri());
  kiosk.start();
  sync::BrokerOptions hq{broker.uri(), "hq-pub", {}, {}, {}, 5000ms};
  const std::string version_sql = "SELECT value FROM meta WHERE key='snapshot_version'";

  write_fast_snapshot(tmp / "v1", "S001", 1, 1'000, 500, "old");
  REQUIRE(sync::publish_snapshot(hq, "S001", tmp / "v1").has_value());
  {
    KioskDb db(kiosk.db());
    REQUIRE(wait_until([&] { return db.text(version_sql) == "1"; }, 20s));
  }

  constexpr std::int64_t big = 60'000;
  write_fast_snapshot(tmp / "v2", "S001", 2, big, 2'000, "new");
  std::filesystem::copy(tmp / "v2", tmp / "hq-snapshots" / "S001");  // HQ can answer re-requests
  REQUIRE(sync::publish_snapshot(hq, "S001", tmp / "v2").has_value());
  REQUIRE(kiosk.process().wait_for_log("snapshot v2 staged and verified, applying", 30s));
  std::this_thread::sleep_for(150ms);  // into the apply transaction
  kiosk.kill9();

  auto check_whole = [&](KioskDb& db) {
    CHECK(db.text("PRAGMA integrity_check") == "ok");
    std::string version = db.text(version_sql);
    std::string table =
        db.text("SELECT value FROM meta WHERE key='active_profiles'") == "b" ? "profiles_b" : "profiles_a";
    auto rows = db.count("SELECT COUNT(*) FROM " + table);
    auto has_old =
        db.count("SELECT COUNT(*) FROM " + table + " WHERE member_key='" + member_key_of(999, "old") + "'");
    auto has_new = db.count("SELECT COUNT(*) FROM " + table + " WHERE member_key='" +
                            member_key_of(big - 1, "new") + "'");
    REQUIRE((version == "1" || version == "2"));
    if (version == "1") {
      CHECK(rows == 1'000);
      CHECK(has_old == 1);
      CHECK(has_new == 0);
    } else {
      CHECK(rows == big);
      CHECK(has_old == 0);
      CHECK(has_new == 1);
    }
    return version;
  };
  {
    KioskDb db(kiosk.db());
    MESSAGE("after the kill the cache holds v" << check_whole(db));
  }

  kiosk.start();
  KioskDb db(kiosk.db());
  REQUIRE_MESSAGE(wait_until([&] { return db.text(version_sql) == "2"; }, 60s), kiosk.process().log());
  CHECK(check_whole(db) == "2");
  CHECK(wait_until(
      [&] { return hq_count(tmp / "hq.db", "SELECT MAX(version) FROM snapshot_acks WHERE applied=1") == 2; },
      10s));
  // The staged copy is gone once applied.
  CHECK(wait_until([&] { return !std::filesystem::exists(tmp / "kiosk/data/sync-staging/v2"); }, 5s));
  kiosk.stop();
  ingest.stop();
}
