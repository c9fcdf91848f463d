// ctest-labels: integration
// The kiosk's data directory runs out of space, or comes up read-only (a
// failing SD card): smartstored keeps answering lookups, acknowledges no write
// it could not store (HTTP 503 with error storage_full / storage_read_only and
// smartstore_storage_write_failures_total), and writes again once the space or
// the write access is back — read-only to writable without a restart — with
// the database intact and every coupon still single use. Needs root for a
// small tmpfs (mount -o remount,ro: root ignores chmod); without it each case
// says SKIPPED and returns.
#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <openssl/rand.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "smartstore/edge/http/staff_auth.h"
#include "support/child_process.h"
#include "support/json_api.h"
#include "support/member_numbers.h"
#include "support/mosquitto_broker.h"
#include "support/test_paths.h"
#include "support/tmpfs_mount.h"
#include "sync/sync_fixture.h"

using namespace smartstore;
using namespace smartstore::testing;
using namespace std::chrono_literals;

namespace {

constexpr const char* kToken = "storage-faults-token-0123456789";
constexpr const char* kCard = "4111111111111111";

using Reply = JsonReply;

Reply http(int port, const std::string& method, const std::string& target, const std::string& body = "",
           const std::string& extra_headers = "") {
  return json_call(static_cast<std::uint16_t>(port), method, target, kToken, body, extra_headers,
                   std::chrono::seconds(10));
}

int note_seq = 0;
Reply post_note(int port) {
  return http(port, "POST", std::string("/api/v1/customers/") + kCard + "/notes",
              R"({"items":[{"category":"스낵","quantity":1,"price_krw":4500,"sold":true}],"remarks":")" +
                  std::string(450, 'x') + "\"}",
              "Idempotency-Key: fault-note-" + std::to_string(note_seq++) + "\r\n");
}

// Sum of a metric's samples (all label sets) in the /metrics text; -1 when absent.
double metric_sum(int port, const std::string& prefix) {
  auto text = http(port, "GET", "/metrics").raw;
  double sum = -1;
  std::size_t at = 0;
  while ((at = text.find("\n" + prefix, at)) != std::string::npos) {
    auto end = text.find('\n', at + 1);
    auto line = text.substr(at + 1, end - at - 1);
    auto sp = line.rfind(' ');
    if (line[prefix.size()] == ' ' || line[prefix.size()] == '{')
      sum = (sum < 0 ? 0 : sum) + std::stod(line.substr(sp + 1));
    at = end;
  }
  return sum;
}

// Fills the filesystem with a ballast file until the kernel says ENOSPC.
void fill(const std::filesystem::path& ballast) {
  std::FILE* f = std::fopen(ballast.c_str(), "wb");
  REQUIRE(f);
  std::vector<char> block(64 * 1024, 'b');
  while (std::fwrite(block.data(), 1, block.size(), f) == block.size()) {
  }
  std::fclose(f);
  // Whatever fwrite buffered and could not place: write single bytes to the brim.
  f = std::fopen(ballast.c_str(), "ab");
  while (f && std::fputc('b', f) != EOF && std::fflush(f) == 0) {
  }
  if (f) std::fclose(f);
}

void write_key(const std::filesystem::path& file) {
  std::vector<unsigned char> key(32);
  REQUIRE(RAND_bytes(key.data(), 32) == 1);
  std::ofstream(file, std::ios::binary).write(reinterpret_cast<const char*>(key.data()), 32);
  ::chmod(file.c_str(), 0600);
}

// The writes refused while storage is faulty: each answered, none 2xx, and
// the answer names the cause rather than "internal".
void expect_refused(int port, const std::string& error) {
  auto r = post_note(port);
  INFO(error << ": " << r.raw);
  CHECK(r.status == 503);
  REQUIRE(r.body.is_object());
  CHECK(r.body.value("error", "") == error);
}

std::string luhn_card(std::uint64_t n) {
  return with_luhn_digit("9410" + std::to_string(100'000'000'000ULL + n).substr(1));  // 15 digits + check
}

// Welcome coupons for `n` new members (no snapshot: every card is unknown, first visit).
std::vector<std::string> issue_coupons(int port, int n, std::uint64_t first_card) {
  std::vector<std::string> codes;
  for (int i = 0; i < n; ++i) {
    auto r = http(port, "POST", "/api/v1/scans", nlohmann::json{{"text", luhn_card(first_card + i)}}.dump());
    REQUIRE_MESSAGE(r.status == 200, r.raw);
    REQUIRE_MESSAGE(r.body["coupon"].is_object(), r.raw);
    codes.push_back(r.body["coupon"]["code"].get<std::string>());
  }
  return codes;
}

// One till per coupon: the test's own already_redeemed answers must not trip the per-device throttle.
// CPU seconds (user + system) the process has used, from /proc/<pid>/stat.
double cpu_seconds(int pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto close = stat.rfind(')');
  std::istringstream fields(stat.substr(close + 2));
  std::string f;
  double ticks = 0;
  for (int i = 3; i <= 15 && fields >> f; ++i)
    if (i == 14 || i == 15) ticks += std::stod(f);  // utime, stime
  return ticks / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

Reply redeem(int port, const std::string& code) {
  return http(port, "POST", "/api/v1/coupons/redeem",
              nlohmann::json{{"code", code}, {"device_id", "till-" + code.substr(code.size() - 8)}}.dump());
}

// Redemption rows for `code`'s coupon in the database file.
int redemption_rows(const std::filesystem::path& db_file, const std::string& coupon_id) {
  sqlite3* db = nullptr;
  int n = -1;
  if (sqlite3_open_v2(db_file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT count(*) FROM redemptions WHERE coupon_id = ?1", -1, &s, nullptr) ==
        SQLITE_OK) {
      sqlite3_bind_text(s, 1, coupon_id.c_str(), -1, SQLITE_TRANSIENT);
      if (sqlite3_step(s) == SQLITE_ROW) n = sqlite3_column_int(s, 0);
    }
    sqlite3_finalize(s);
  }
  sqlite3_close(db);
  return n;
}

// The outbox's events not yet sent to HQ, read from a database file no one
// has open. immutable: a plain reader would leave a -shm behind, and the
// daemon would then start `mode=ro` instead of `immutable=1`.
std::vector<std::string> unsent_event_ids(const std::filesystem::path& db_file) {
  sqlite3* db = nullptr;
  std::vector<std::string> ids;
  const std::string uri = "file:" + db_file.string() + "?immutable=1";
  if (sqlite3_open_v2(uri.c_str(), &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, nullptr) == SQLITE_OK) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT event_id FROM outbox WHERE sent = 0", -1, &s, nullptr) == SQLITE_OK)
      while (sqlite3_step(s) == SQLITE_ROW)
        ids.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(s, 0)));
    sqlite3_finalize(s);
  }
  sqlite3_close(db);
  return ids;
}

const std::string kLookup = std::string("/api/v1/customers/") + kCard;

// A kiosk whose data dir is a 4 MiB tmpfs, broker off.
struct FaultyKiosk {
  TempDir dir;
  TmpfsMount data{dir / "data"};
  int port = free_loopback_port();
  std::unique_ptr<ChildProcess> daemon;
  int starts = 0;

  // broker_settings: more lines for the [broker] table (back-off, uplink interval).
  explicit FaultyKiosk(const std::string& broker_uri = "", const std::string& broker_settings = "") {
    if (!data.mounted) return;
    std::filesystem::create_directories(dir / "keys");
    write_key(dir / "keys/deployment.key");
    write_key(dir / "keys/coupon.key");
    write_file(dir / "staff.toml",
               "[[staff]]\nid = \"kim\"\ntoken_sha256 = \"" + edge::http::sha256_hex(kToken) + "\"\n");
    write_file(dir / "kiosk.toml",
               "[kiosk]\nstore_id = \"S001\"\nkiosk_id = \"K01\"\ndata_dir = \"" + data.dir.string() +
                   "\"\ndeployment_key_file = \"" + (dir / "keys/deployment.key").string() +
                   "\"\ncoupon_key_file = \"" + (dir / "keys/coupon.key").string() + "\"\n[broker]\n" +
                   (broker_uri.empty() ? "enabled = false" : "uri = \"" + broker_uri + "\"") + "\n" +
                   broker_settings + "[http]\nlisten = \"127.0.0.1:" + std::to_string(port) +
                   "\"\nstaff_file = \"" + (dir / "staff.toml").string() + "\"\n");
  }
  bool start() {
    daemon = std::make_unique<ChildProcess>(
        program("smartstored"), std::vector<std::string>{"--config", (dir / "kiosk.toml").string()},
        dir / ("daemon-" + std::to_string(starts++) + ".log"));
    return daemon->wait_for_log("smartstored ready", 20s);
  }
  int stop() {
    daemon->signal(SIGTERM);
    return daemon->wait(20s);
  }
  // Notes until one is not stored (the disk is full); -1 when 50 were stored.
  int first_refusal() {
    for (int i = 0; i < 50; ++i) {
      auto r = post_note(port);
      REQUIRE(r.status != -1);  // answered, never a dropped connection or a dead daemon
      if (r.status != 201) return i;
    }
    return -1;
  }
  std::string integrity() {
    sqlite3* db = nullptr;
    std::string v = "cannot open";
    if (sqlite3_open((data.dir / "kiosk.db").c_str(), &db) == SQLITE_OK) {
      sqlite3_stmt* s = nullptr;
      if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &s, nullptr) == SQLITE_OK &&
          sqlite3_step(s) == SQLITE_ROW)
        v = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
      sqlite3_finalize(s);
    }
    sqlite3_close(db);
    return v;
  }
};

#define SKIP_WITHOUT_TMPFS(k)                                                                            \
  if (!(k).data.mounted) {                                                                               \
    MESSAGE("SKIPPED storage faults: a tmpfs data dir needs root (mount(2) failed: euid " << ::geteuid() \
                                                                                          << ")");       \
    return;                                                                                              \
  }

// A FaultyKiosk that syncs to a real broker and HQ ingest, with short
// back-offs. Both start only with start_hq(): until then events stay in the outbox.
struct KioskWithHq {
  TempDir hq_dir;
  MosquittoBroker broker{hq_dir / "broker"};
  FaultyKiosk k{broker.uri(), "uplink_interval_ms = 100\nreconnect_min_ms = 100\nreconnect_max_ms = 300\n"};
  std::unique_ptr<sync::Ingest> ingest;

  ~KioskWithHq() {
    if (ingest) ingest->stop();
  }
  // A first run with HQ unreachable: `coupons` coupon_issued events journalled.
  void journal_offline(int coupons, std::uint64_t first_card) {
    REQUIRE_MESSAGE(k.start(), k.daemon->log());
    issue_coupons(k.port, coupons, first_card);
    REQUIRE(k.stop() == 0);
  }
  void start_hq() {
    broker.start();
    ingest = std::make_unique<sync::Ingest>(ingest_options(broker.uri(), hq_dir / "hq.db"));
    REQUIRE(ingest->start().has_value());
  }
  std::int64_t at_hq(const std::string& sql) const { return hq_count(hq_dir / "hq.db", sql); }
};

}  // namespace

TEST_CASE("disk full: lookups keep working, no write is acknowledged, writes resume when space returns") {
  FaultyKiosk k;
  SKIP_WITHOUT_TMPFS(k);
  REQUIRE_MESSAGE(k.start(), k.daemon->log());
  REQUIRE(post_note(k.port).status == 201);
  REQUIRE(http(k.port, "GET", kLookup).status == 200);

  fill(k.data.dir / "ballast");
  const int refused_at = k.first_refusal();  // SQLite may still fit a few notes in pages it had
  REQUIRE_MESSAGE(refused_at >= 0, "50 notes stored on a full disk");
  for (int i = 0; i < 5; ++i) {
    auto r = post_note(k.port);
    CHECK(r.status >= 400);
    CHECK(r.status != 404);
  }
  CHECK(http(k.port, "GET", "/healthz").status == 200);
  CHECK(http(k.port, "GET", kLookup).status == 200);
  CHECK(http(k.port, "GET", "/metrics").status == 200);
  CHECK(k.daemon->running());

  std::filesystem::remove(k.data.dir / "ballast");
  CHECK(post_note(k.port).status == 201);
  CHECK(http(k.port, "GET", kLookup).status == 200);
  CHECK(k.stop() == 0);
  CHECK(k.integrity() == "ok");
  MESSAGE("disk full: " << refused_at
                        << " notes still fitted, then refused; lookups served throughout; writes resumed");
}

TEST_CASE("disk full: the refusal names the cause and a metric counts it") {
  FaultyKiosk k;
  SKIP_WITHOUT_TMPFS(k);
  REQUIRE_MESSAGE(k.start(), k.daemon->log());
  fill(k.data.dir / "ballast");
  REQUIRE(k.first_refusal() >= 0);
  expect_refused(k.port, "storage_full");
  CHECK(metric_sum(k.port, "smartstore_storage_write_failures_total") >= 1);
}

// A redemption at the till on a full disk was answered 500 "internal": now
// 503 storage_full, nothing recorded, and the coupon redeems exactly once
// after the space returns.
TEST_CASE("disk full: a redemption is refused by name and never half-recorded; single use holds afterwards") {
  FaultyKiosk k;
  SKIP_WITHOUT_TMPFS(k);
  REQUIRE_MESSAGE(k.start(), k.daemon->log());
  const auto codes = issue_coupons(k.port, 12, 100);
  fill(k.data.dir / "ballast");
  REQUIRE(k.first_refusal() >= 0);
  const auto failures_before = metric_sum(k.port, "smartstore_storage_write_failures_total");
  // SQLite can still place a commit in WAL pages it already has: some
  // redemptions may go through; every answer is 200 or a named 503.
  std::vector<std::string> refused, accepted;
  for (const auto& code : codes) {
    auto r = redeem(k.port, code);
    INFO(r.raw);
    REQUIRE((r.status == 200 || r.status == 503));
    if (r.status == 503) {
      CHECK(r.body.value("error", "") == "storage_full");
      CHECK(r.body.value("accepted", true) == false);
      refused.push_back(code);
    } else {
      accepted.push_back(code);
    }
  }
  REQUIRE_MESSAGE(!refused.empty(), "every redemption fitted on the full disk");
  // Each refused redemption is counted, as refused issues and notes are.
  CHECK(metric_sum(k.port, "smartstore_storage_write_failures_total") >=
        failures_before + static_cast<double>(refused.size()));
  CHECK(http(k.port, "GET", kLookup).status == 200);
  std::filesystem::remove(k.data.dir / "ballast");
  std::vector<std::string> ids;
  for (const auto& code : refused) {
    auto first = redeem(k.port, code);
    CHECK_MESSAGE(first.status == 200, first.raw);  // nothing was recorded by the refused attempt
    if (first.status == 200) ids.push_back(first.body["coupon"]["coupon_id"].get<std::string>());
    auto again = redeem(k.port, code);
    CHECK(again.status == 409);
    CHECK(again.body.value("error", "") == "already_redeemed");
  }
  for (const auto& code : accepted) CHECK(redeem(k.port, code).body.value("error", "") == "already_redeemed");
  CHECK(k.stop() == 0);
  CHECK(k.integrity() == "ok");
  for (const auto& id : ids) CHECK(redemption_rows(k.data.dir / "kiosk.db", id) == 1);
  MESSAGE("disk full: " << refused.size() << " of " << codes.size()
                        << " redemptions refused (503 storage_full), " << accepted.size()
                        << " fitted; each redeemed exactly once after space returned");
}

// Linux refuses to remount ro while files are open for writing: the fault
// shows at the next start (after a reboot a failing card comes up ro). The
// daemon serves reads, refuses writes by name, and takes writes again when the
// mount turns rw under it — without a restart.
TEST_CASE(
    "read-only data dir: lookups served, writes refused by name and counted, writable again without a "
    "restart") {
  FaultyKiosk k;
  SKIP_WITHOUT_TMPFS(k);
  REQUIRE_MESSAGE(k.start(), k.daemon->log());
  const auto codes = issue_coupons(k.port, 2, 200);
  auto before = post_note(k.port);
  REQUIRE(before.status == 201);
  const std::string note_id = before.body.value("event_id", "");
  REQUIRE(k.stop() == 0);
  REQUIRE(k.data.remount(true));

  REQUIRE_MESSAGE(k.start(), k.daemon->log());
  const auto db_file = (k.data.dir / "kiosk.db").string();
  CHECK(k.daemon->log().find(db_file + " is read-only") != std::string::npos);  // the log names the file
  CHECK(http(k.port, "GET", "/healthz").status == 200);
  auto view = http(k.port, "GET", kLookup);
  CHECK(view.status == 200);
  CHECK(view.raw.find(note_id) != std::string::npos);  // what was stored before is served
  CHECK(http(k.port, "GET", "/api/v1/coupons/" + codes[0]).status == 200);

  expect_refused(k.port, "storage_read_only");
  auto scan = http(k.port, "POST", "/api/v1/scans", nlohmann::json{{"text", luhn_card(300)}}.dump());
  CHECK(scan.status == 503);
  CHECK(scan.body.value("error_code", "") == "storage_read_only");
  CHECK(scan.body["coupon"].is_null());
  auto till = redeem(k.port, codes[0]);
  CHECK(till.status == 503);
  CHECK(till.body.value("error", "") == "storage_read_only");
  CHECK(till.body.value("message", "").find(db_file) != std::string::npos);
  CHECK(metric_sum(k.port, "smartstore_storage_write_failures_total") >= 2);
  CHECK(k.daemon->log().find("write refused: " + db_file) != std::string::npos);
  CHECK(k.daemon->running());
  // Idle on read-only storage: the checkpointer waits, it does not retry in a loop.
  const double cpu_before = cpu_seconds(k.daemon->pid());
  std::this_thread::sleep_for(2s);
  const double idle_cpu = cpu_seconds(k.daemon->pid()) - cpu_before;
  CHECK(idle_cpu < 0.2);
  MESSAGE("read-only: " << idle_cpu << " CPU s in 2 s idle");

  REQUIRE(k.data.remount(false));  // the card is back (nothing of ours holds it open for writing)
  CHECK(post_note(k.port).status == 201);
  CHECK(k.daemon->log().find(db_file + " is writable again") != std::string::npos);
  CHECK(redeem(k.port, codes[0]).status == 200);
  CHECK(redeem(k.port, codes[0]).status == 409);
  CHECK(http(k.port, "POST", "/api/v1/scans", nlohmann::json{{"text", luhn_card(300)}}.dump()).status == 200);
  CHECK(k.stop() == 0);
  CHECK(k.integrity() == "ok");
}

// Killed with its last commits only in the -wal, then back read-only: the
// -wal and -shm are there, SQLite reads them (mode=ro), nothing is lost from view.
// The crash also leaves a -shm, which the read-only connection maps: the
// read-write one must not inherit that mapping when the storage comes back
// (writes failed until a restart with "attempt to write a readonly database").
TEST_CASE("read-only after a crash: the commits still in the -wal are served, and writes resume when rw") {
  FaultyKiosk k;
  SKIP_WITHOUT_TMPFS(k);
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
  SKIP_WITHOUT_TMPFS(k);
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
  SKIP_WITHOUT_TMPFS(k);
  broker.start();
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
  SKIP_WITHOUT_TMPFS(h.k);
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

// Marking a page of events sent on a full disk: the StorageError used to
// escape the agent's thread; now the write is dropped and the uplink pauses
// (30 s) instead of republishing the same page in a loop (drain_outbox
// would otherwise spin: the rows stay unsent). A small UPDATE usually fits in
// the -wal's existing frames, so the disk is filled while the -wal is empty:
// a clean stop deletes it, and the restarted daemon (HQ still unreachable)
// writes nothing before the fill.
TEST_CASE("disk full: the uplink pauses when marking events sent is refused, no republishing loop") {
  KioskWithHq h;
  SKIP_WITHOUT_TMPFS(h.k);
  h.journal_offline(3, 600);
  REQUIRE_MESSAGE(h.k.start(), h.k.daemon->log());
  REQUIRE(std::filesystem::file_size(h.k.data.dir / "kiosk.db-wal") == 0);
  fill(h.k.data.dir / "ballast");
  expect_refused(h.k.port, "storage_full");  // not one frame fits

  h.start_hq();
  REQUIRE_MESSAGE(wait_until(
                      [&] {
                        return h.k.daemon->log().find("sync: outbox mark_sent not stored, uplink paused") !=
                               std::string::npos;
                      },
                      20s),
                  h.k.daemon->log());
  const double cpu_before = cpu_seconds(h.k.daemon->pid());
  std::this_thread::sleep_for(2s);
  const double cpu = cpu_seconds(h.k.daemon->pid()) - cpu_before;
  const auto republished = h.at_hq("SELECT COALESCE(SUM(count), 0) FROM duplicates");
  CHECK(republished == 0);
  CHECK(cpu < 0.5);
  CHECK(h.at_hq("SELECT COUNT(*) FROM events") >= 3);  // the page itself reached HQ
  CHECK(http(h.k.port, "GET", kLookup).status == 200);
  CHECK(h.k.daemon->running());
  MESSAGE("uplink on a full disk: " << republished << " events republished (duplicates at HQ), " << cpu
                                    << " CPU s in 2 s");
  std::filesystem::remove(h.k.data.dir / "ballast");
  CHECK(h.k.stop() == 0);
  CHECK(h.k.integrity() == "ok");
}
