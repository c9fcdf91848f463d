#pragma once
// The storage-fault tests' rig (tests/scenarios/storage_faults_*_test.cpp).
// The kiosk's data directory runs out of space, or comes up read-only (a
// failing SD card): smartstored keeps answering lookups, acknowledges no write
// it could not store (HTTP 503 with error storage_full / storage_read_only and
// smartstore_storage_write_failures_total), and writes again once the space or
// the write access is back — read-only to writable without a restart — with
// the database intact and every coupon still single use. Needs root for a
// small tmpfs (mount -o remount,ro: root ignores chmod); without it each case
// exits skipped (tests/support/skip.h).
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
#include "support/skip.h"
#include "support/test_paths.h"
#include "support/tmpfs_mount.h"
#include "sync/sync_fixture.h"

namespace smartstore::testing::storage_faults {

using namespace std::chrono_literals;

inline constexpr const char* kToken = "storage-faults-token-0123456789";
inline constexpr const char* kTillToken = "storage-faults-till-token-0123456789";  // only a till redeems
inline constexpr const char* kCard = "4111111111111111";

using Reply = JsonReply;

inline Reply http(int port, const std::string& method, const std::string& target,
                  const std::string& body = "", const std::string& extra_headers = "") {
  const char* token = target == "/api/v1/coupons/redeem" ? kTillToken : kToken;
  return json_call(static_cast<std::uint16_t>(port), method, target, token, body, extra_headers,
                   std::chrono::seconds(10));
}

inline int note_seq = 0;
inline Reply post_note(int port) {
  return http(port, "POST", std::string("/api/v1/customers/") + kCard + "/notes",
              R"({"items":[{"category":"스낵","quantity":1,"price_krw":4500,"sold":true}],"remarks":")" +
                  std::string(450, 'x') + "\"}",
              "Idempotency-Key: fault-note-" + std::to_string(note_seq++) + "\r\n");
}

// Sum of a metric's samples (all label sets) in the /metrics text; -1 when absent.
inline double metric_sum(int port, const std::string& prefix) {
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
inline void fill(const std::filesystem::path& ballast) {
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

inline void write_key(const std::filesystem::path& file) {
  std::vector<unsigned char> key(32);
  REQUIRE(RAND_bytes(key.data(), 32) == 1);
  std::ofstream(file, std::ios::binary).write(reinterpret_cast<const char*>(key.data()), 32);
  ::chmod(file.c_str(), 0600);
}

// The writes refused while storage is faulty: each answered, none 2xx, and
// the answer names the cause rather than "internal".
inline void expect_refused(int port, const std::string& error) {
  auto r = post_note(port);
  INFO(error << ": " << r.raw);
  CHECK(r.status == 503);
  REQUIRE(r.body.is_object());
  CHECK(r.body.value("error", "") == error);
}

inline std::string luhn_card(std::uint64_t n) {
  return with_luhn_digit("9410" + std::to_string(100'000'000'000ULL + n).substr(1));  // 15 digits + check
}

// Welcome coupons for `n` new members (no snapshot: every card is unknown, first visit).
inline std::vector<std::string> issue_coupons(int port, int n, std::uint64_t first_card) {
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
inline double cpu_seconds(int pid) {
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

inline Reply redeem(int port, const std::string& code) {
  return http(port, "POST", "/api/v1/coupons/redeem",
              nlohmann::json{{"code", code}, {"device_id", "till-" + code.substr(code.size() - 8)}}.dump());
}

// Redemption rows for `code`'s coupon in the database file.
inline int redemption_rows(const std::filesystem::path& db_file, const std::string& coupon_id) {
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
inline std::vector<std::string> unsent_event_ids(const std::filesystem::path& db_file) {
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

inline const std::string kLookup = std::string("/api/v1/customers/") + kCard;

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
    write_file(dir / "staff.toml", "[[staff]]\nid = \"kim\"\ntoken_sha256 = \"" +
                                       edge::http::sha256_hex(kToken) +
                                       "\"\n[[staff]]\nid = \"till\"\nrole = \"till\"\ntoken_sha256 = \"" +
                                       edge::http::sha256_hex(kTillToken) + "\"\n");
    write_file(dir / "kiosk.toml",
               "[kiosk]\nstore_id = \"S001\"\nkiosk_id = \"K01\"\ndata_dir = \"" + data.dir.string() +
                   "\"\ndeployment_key_file = \"" + (dir / "keys/deployment.key").string() +
                   "\"\ncoupon_key_file = \"" + (dir / "keys/coupon.key").string() + "\"\n[broker]\n" +
                   (broker_uri.empty() ? "enabled = false" : "uri = \"" + broker_uri + "\"\nallow_plaintext = true") + "\n" +
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

// Exits the test as skipped (ctest reports it so) when the tmpfs could not be mounted.
inline void skip_without_tmpfs(const FaultyKiosk& k) {
  if (!k.data.mounted)
    smartstore::testing::skip_test("storage faults: a tmpfs data dir needs root (mount(2) failed: euid " +
                                   std::to_string(::geteuid()) + ")");
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

}  // namespace smartstore::testing::storage_faults
