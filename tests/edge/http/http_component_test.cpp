// ctest-labels: integration
// smartstored serves the API: staff file read at start and again on SIGHUP,
// a bad staff file never replaces a good one, raw numbers stay out of the log.
#include <doctest/doctest.h>
#include <openssl/rand.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <thread>

#include "smartstore/edge/http/staff_auth.h"
#include "support/child_process.h"
#include "support/http_client.h"
#include "support/test_paths.h"

using namespace smartstore::testing;
using namespace std::chrono_literals;

namespace {

void write_key(const std::filesystem::path& file, std::size_t bytes) {
  std::vector<unsigned char> key(bytes);
  REQUIRE(RAND_bytes(key.data(), static_cast<int>(bytes)) == 1);
  std::ofstream(file, std::ios::binary).write(reinterpret_cast<const char*>(key.data()), static_cast<std::streamsize>(bytes));
  ::chmod(file.c_str(), 0600);
}

std::string staff_entry(const std::string& id, const std::string& token) {
  return "[[staff]]\nid = \"" + id + "\"\ntoken_sha256 = \"" + smartstore::edge::http::sha256_hex(token) + "\"\n";
}

std::string http_get(int port, const std::string& target, const std::string& token) {
  std::string req = "GET " + target + " HTTP/1.1\r\nHost: k\r\nConnection: close\r\n" +
                    (token.empty() ? "" : "Authorization: Bearer " + token + "\r\n") + "\r\n";
  try {
    return smartstore::testing::http_exchange(static_cast<std::uint16_t>(port), req);
  } catch (const std::runtime_error&) {
    return "";  // not listening yet
  }
}

int status(const std::string& r) { return smartstore::testing::status_of(r); }

}  // namespace

TEST_CASE("smartstored serves /api/v1 with the staff file, reloads it on SIGHUP and keeps a good one over a bad one") {
  TempDir dir;
  std::filesystem::create_directories(dir / "keys");
  write_key(dir / "keys/deployment.key", 32);
  write_key(dir / "keys/coupon.key", 32);
  const int port = free_loopback_port();
  write_file(dir / "staff.toml", staff_entry("kim", "token-one-0123456789abcdef"));
  write_file(dir / "kiosk.toml", "[kiosk]\nstore_id = \"S001\"\nkiosk_id = \"K01\"\ndata_dir = \"" + (dir / "data").string() +
                                     "\"\ndeployment_key_file = \"" + (dir / "keys/deployment.key").string() +
                                     "\"\ncoupon_key_file = \"" + (dir / "keys/coupon.key").string() +
                                     "\"\n[broker]\nenabled = false\n[http]\nlisten = \"127.0.0.1:" + std::to_string(port) +
                                     "\"\nstaff_file = \"" + (dir / "staff.toml").string() + "\"\n");
  ChildProcess daemon(program("smartstored"), {"--config", (dir / "kiosk.toml").string()}, dir / "daemon.log");
  REQUIRE_MESSAGE(daemon.wait_for_log("smartstored ready", 20s), daemon.log());

  CHECK(status(http_get(port, "/healthz", "")) == 200);
  CHECK(status(http_get(port, "/staff.html", "")) == 200);
  CHECK(status(http_get(port, "/api/v1/auth/whoami", "token-one-0123456789abcdef")) == 200);
  CHECK(status(http_get(port, "/api/v1/auth/whoami", "token-two-0123456789abcdef")) == 401);
  CHECK(status(http_get(port, "/api/v1/customers/4111111111111111", "token-one-0123456789abcdef")) == 200);

  write_file(dir / "staff.toml", staff_entry("lee", "token-two-0123456789abcdef"));
  daemon.signal(SIGHUP);
  REQUIRE(daemon.wait_for_log("http: staff reloaded (1 entries)", 10s));
  CHECK(status(http_get(port, "/api/v1/auth/whoami", "token-two-0123456789abcdef")) == 200);
  CHECK(status(http_get(port, "/api/v1/auth/whoami", "token-one-0123456789abcdef")) == 401);

  write_file(dir / "staff.toml", "[[staff]]\nid = \"x\"\ntoken_sha256 = \"nothex\"\n");
  daemon.signal(SIGHUP);
  REQUIRE(daemon.wait_for_log("new staff file rejected, keeping the running list", 10s));
  CHECK(daemon.log().find("staff[0].token_sha256: expected 64 lower-case hex digits") != std::string::npos);
  CHECK(status(http_get(port, "/api/v1/auth/whoami", "token-two-0123456789abcdef")) == 200);

  auto metrics = http_get(port, "/metrics", "");
  CHECK(metrics.find("smartstore_http_requests_total{method=\"GET\",route=\"/api/v1/auth/whoami\",status=\"401\"}") !=
        std::string::npos);
  CHECK(metrics.find("smartstore_outbox_depth") != std::string::npos);

  daemon.signal(SIGTERM);
  CHECK(daemon.wait(20s) == 0);
  const auto log = daemon.log();
  CHECK(log.find("4111111111111111") == std::string::npos);
  CHECK(log.find("token-one") == std::string::npos);
  CHECK(log.find("token-two") == std::string::npos);
}
