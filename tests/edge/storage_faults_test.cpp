// ctest-labels: integration
// The kiosk's data directory runs out of space, or comes up read-only (a
// failing SD card): smartstored keeps answering lookups, acknowledges no write
// it could not store, and writes again once the space or the write access is
// back, with the database intact. The named refusal + metric and read-only
// serving are what edge-core still has to add: those cases may fail (their
// failures print) until then. Needs root for a small tmpfs; without it each
// case says SKIPPED and returns.
#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <openssl/rand.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <memory>
#include <thread>

#include "smartstore/edge/http/staff_auth.h"
#include "support/child_process.h"
#include "support/json_api.h"
#include "support/test_paths.h"

using namespace smartstore;
using namespace smartstore::testing;
using namespace std::chrono_literals;

namespace {

constexpr const char* kToken = "storage-faults-token-0123456789";
constexpr const char* kCard = "4111111111111111";

using Reply = JsonReply;

Reply http(int port, const std::string& method, const std::string& target, const std::string& body = "",
           const std::string& extra_headers = "") {
  return json_call(static_cast<std::uint16_t>(port), method, target, kToken, body, extra_headers, std::chrono::seconds(10));
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
    if (line[prefix.size()] == ' ' || line[prefix.size()] == '{') sum = (sum < 0 ? 0 : sum) + std::stod(line.substr(sp + 1));
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

struct TmpfsMount {
  std::filesystem::path dir;
  bool mounted = false;
  explicit TmpfsMount(std::filesystem::path d) : dir(std::move(d)) {
    std::filesystem::create_directories(dir);
    mounted = ::geteuid() == 0 && ::mount("tmpfs", dir.c_str(), "tmpfs", 0, "size=4m,mode=0700") == 0;
  }
  ~TmpfsMount() {
    if (mounted) ::umount2(dir.c_str(), MNT_DETACH);
  }
  TmpfsMount(const TmpfsMount&) = delete;
  TmpfsMount& operator=(const TmpfsMount&) = delete;
  bool remount(bool read_only) const {
    return ::mount("tmpfs", dir.c_str(), "tmpfs", MS_REMOUNT | (read_only ? MS_RDONLY : 0), "size=4m,mode=0700") == 0;
  }
};

void write_key(const std::filesystem::path& file) {
  std::vector<unsigned char> key(32);
  REQUIRE(RAND_bytes(key.data(), 32) == 1);
  std::ofstream(file, std::ios::binary).write(reinterpret_cast<const char*>(key.data()), 32);
  ::chmod(file.c_str(), 0600);
}

// The writes refused while storage is faulty: each answered, none 2xx, and
// the answer names the cause rather than "internal".
void expect_refused(int port, const char* what) {
  auto r = post_note(port);
  INFO(std::string(what) << ": " << r.raw);
  CHECK(r.status == 503);
  CHECK(r.body.is_object());
  if (r.body.is_object()) CHECK(r.body.value("error", "") == "refused");
}

const std::string kLookup = std::string("/api/v1/customers/") + kCard;

// A kiosk whose data dir is a 4 MiB tmpfs, broker off.
struct FaultyKiosk {
  TempDir dir;
  TmpfsMount data{dir / "data"};
  int port = free_loopback_port();
  std::unique_ptr<ChildProcess> daemon;
  int starts = 0;

  FaultyKiosk() {
    if (!data.mounted) return;
    std::filesystem::create_directories(dir / "keys");
    write_key(dir / "keys/deployment.key");
    write_key(dir / "keys/coupon.key");
    write_file(dir / "staff.toml", "[[staff]]\nid = \"kim\"\ntoken_sha256 = \"" + edge::http::sha256_hex(kToken) + "\"\n");
    write_file(dir / "kiosk.toml", "[kiosk]\nstore_id = \"S001\"\nkiosk_id = \"K01\"\ndata_dir = \"" + data.dir.string() +
                                       "\"\ndeployment_key_file = \"" + (dir / "keys/deployment.key").string() +
                                       "\"\ncoupon_key_file = \"" + (dir / "keys/coupon.key").string() +
                                       "\"\n[broker]\nenabled = false\n[http]\nlisten = \"127.0.0.1:" +
                                       std::to_string(port) + "\"\nstaff_file = \"" + (dir / "staff.toml").string() + "\"\n");
  }
  bool start() {
    daemon = std::make_unique<ChildProcess>(program("smartstored"), std::vector<std::string>{"--config", (dir / "kiosk.toml").string()},
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
      if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &s, nullptr) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
        v = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
      sqlite3_finalize(s);
    }
    sqlite3_close(db);
    return v;
  }
};

#define SKIP_WITHOUT_TMPFS(k)                                                                                     \
  if (!(k).data.mounted) {                                                                                        \
    MESSAGE("SKIPPED storage faults: a tmpfs data dir needs root (mount(2) failed: euid " << ::geteuid() << ")"); \
    return;                                                                                                       \
  }

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
  MESSAGE("disk full: " << refused_at << " notes still fitted, then refused; lookups served throughout; writes resumed");
}

// Asked of edge-core (hardening report §3); before d644dae a full disk answered
// 500 "internal", uncounted. Passed against d644dae once: drop may_fail when CI agrees.
TEST_CASE("disk full: the refusal names the cause and a metric counts it" * doctest::may_fail()) {
  FaultyKiosk k;
  SKIP_WITHOUT_TMPFS(k);
  REQUIRE_MESSAGE(k.start(), k.daemon->log());
  fill(k.data.dir / "ballast");
  REQUIRE(k.first_refusal() >= 0);
  expect_refused(k.port, "disk full");
  CHECK(metric_sum(k.port, "smartstore_storage_write_failures_total") >= 1);
}

TEST_CASE("read-only data dir (a failing card remounted ro): a clear start-up error, then back to work with the data intact") {
  FaultyKiosk k;
  SKIP_WITHOUT_TMPFS(k);
  REQUIRE_MESSAGE(k.start(), k.daemon->log());
  REQUIRE(post_note(k.port).status == 201);
  // Linux refuses to remount ro while files are open for writing: the fault
  // shows at the next start (after a reboot the card comes up ro).
  REQUIRE(k.stop() == 0);
  REQUIRE(k.data.remount(true));
  if (k.start()) {
    CHECK(http(k.port, "GET", "/healthz").status == 200);
    CHECK(post_note(k.port).status >= 400);
    CHECK(k.stop() == 0);
  } else {
    CHECK(k.daemon->wait(10s) != 0);
    CHECK(k.daemon->log().find((k.data.dir / "kiosk.db").string()) != std::string::npos);  // names the file
  }
  REQUIRE(k.data.remount(false));
  REQUIRE(k.start());
  CHECK(post_note(k.port).status == 201);
  CHECK(k.stop() == 0);
  CHECK(k.integrity() == "ok");
}

// Waiting for edge-core (/tmp/p2/hardening-to-edge-core.md §4): today the
// daemon exits ("cannot create .../kiosk.db") instead of serving lookups read-only.
TEST_CASE("read-only data dir: the kiosk still serves lookups and refuses writes with a named error" * doctest::may_fail()) {
  FaultyKiosk k;
  SKIP_WITHOUT_TMPFS(k);
  REQUIRE_MESSAGE(k.start(), k.daemon->log());
  REQUIRE(post_note(k.port).status == 201);
  REQUIRE(k.stop() == 0);
  REQUIRE(k.data.remount(true));
  REQUIRE_MESSAGE(k.start(), k.daemon->log());
  CHECK(http(k.port, "GET", kLookup).status == 200);
  expect_refused(k.port, "read-only");
  CHECK(metric_sum(k.port, "smartstore_storage_write_failures_total") >= 1);
  CHECK(k.stop() == 0);
  REQUIRE(k.data.remount(false));
}
