// ctest-labels: integration security
// An open event stream is a standing permission: it must end when the
// session behind it expires or its staff member is removed, not only when
// the screen reconnects. Real server, real sockets.
#include <doctest/doctest.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <utility>  // before Asio: g++ 12 + Boost 1.74 need std::exchange declared

#include <atomic>
#include <nlohmann/json.hpp>

#include "edge/http/server_thread.h"
#include "smartstore/edge/http/http_server.h"
#include "smartstore/edge/kiosk/kiosk.h"
#include "smartstore/edge/store/kiosk_store.h"
#include "support/http_client.h"
#include "support/kiosk_fixtures.h"
#include "support/test_paths.h"

using namespace smartstore;
using namespace smartstore::edge;
using namespace smartstore::edge::http;
using namespace smartstore::testing;
using namespace std::chrono_literals;

namespace {

const std::string kToken = "stream-test-token-0123456789abcdef0123456789abcdef";

// The router reads a steady clock the test moves forward; the server's
// heartbeat runs on real time and asks the router at each beat.
struct Served {
  TempDir dir;
  store::KioskStore store{dir / "kiosk.db", store::StoreOptions{.store_id = "S001"}};
  kiosk::Kiosk kiosk{store, kiosk_options(std::vector<unsigned char>(32, 1))};
  StaffAuthority staff{{token_staff("kim", kToken), pin_staff("lee", "482913", 1000)}};
  FailedAttemptLimiter limiter;
  HttpMetrics metrics;
  std::atomic<std::int64_t> skew_s{0};
  ApiRouter router{kiosk, staff, limiter, metrics, ApiOptions{.steady_clock = [this] {
                     return SteadyClock::now() + std::chrono::seconds(skew_s.load());
                   }}};
  std::unique_ptr<ServerThread> running;
  HttpServer* server = nullptr;

  explicit Served(std::chrono::milliseconds heartbeat) {
    HttpServerOptions o;
    o.event_heartbeat = heartbeat;
    running = std::make_unique<ServerThread>(o, router, metrics);
    server = running->server.get();
  }

  // An open stream for `token`, its header read.
  int open_stream(const std::string& token) {
    int fd = connect_loopback(server->port());
    send_all(fd, "GET /api/v1/events HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer " + token + "\r\n\r\n");
    auto head = read_some(fd, 5s, ": connected\n\n");
    CHECK(head.rfind("HTTP/1.1 200", 0) == 0);
    return fd;
  }
};

// True once the server closed `fd` (pings before that are read and dropped).
bool closed_within(int fd, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  char buf[512];
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) continue;
    if (::recv(fd, buf, sizeof buf, 0) <= 0) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("an event stream closes when its session expires; a long-lived token's stays") {
  Served s(100ms);
  auto session = s.staff.sign_in_with_pin("lee", "482913", SteadyClock::now());
  REQUIRE(session);
  int expiring = s.open_stream(session->token);
  int lasting = s.open_stream(kToken);
  CHECK_FALSE(closed_within(expiring, 400ms));  // heartbeats pass while the session is good
  s.skew_s = std::chrono::duration_cast<std::chrono::seconds>(session->expires_in).count() + 1;
  CHECK(closed_within(expiring, 5s));
  CHECK_FALSE(closed_within(lasting, 400ms));
  ::close(expiring);
  ::close(lasting);
}

TEST_CASE("removing a staff member closes the streams they opened or paired, at the reload") {
  Served s(60s);  // no heartbeat during the test: the reload alone must do it
  const auto now = SteadyClock::now();
  auto code = s.staff.issue_pairing_code(Caller{"lee", Role::staff}, Role::display, now);
  REQUIRE(code);
  auto screen = s.staff.redeem_pairing_code(code->code, now);
  REQUIRE(screen);
  int paired = s.open_stream(screen->token);
  int other = s.open_stream(kToken);
  s.staff.replace_staff({token_staff("kim", kToken)});  // lee leaves; what SIGHUP does with staff.toml
  s.server->recheck_streams();
  CHECK(closed_within(paired, 5s));
  CHECK_FALSE(closed_within(other, 400ms));
  ::close(paired);
  ::close(other);
}
