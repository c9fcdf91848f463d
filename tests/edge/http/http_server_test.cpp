// ctest-labels: integration
// The Beast server on real sockets: keep-alive, limits, malformed input, slow
// clients, server-sent events and TLS with a certificate made by openssl here.
#include <doctest/doctest.h>
#include <openssl/ssl.h>
#include <unistd.h>
#include <utility>  // before Asio: g++ 12 + Boost 1.74 need std::exchange declared

#include <nlohmann/json.hpp>
#include <thread>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>

#include "edge/http/server_thread.h"
#include "smartstore/edge/http/http_server.h"
#include "smartstore/edge/kiosk/kiosk.h"
#include "smartstore/edge/store/kiosk_store.h"
#include "support/http_client.h"
#include "support/kiosk_fixtures.h"
#include "support/member_numbers.h"
#include "support/test_paths.h"

using namespace smartstore;
using namespace smartstore::edge;
using namespace smartstore::edge::http;
using namespace smartstore::testing;
using namespace std::chrono_literals;
using nlohmann::json;

using smartstore::testing::kiosk_options;
using smartstore::testing::token_staff;

namespace {

const std::string kToken = "server-test-token-0123456789abcdef0123456789abcdef";

// The real kiosk over a temp SQLite file, served on an ephemeral loopback port
// by an io_context on its own thread.
struct Served {
  testing::TempDir dir;
  store::KioskStore store{dir / "kiosk.db", store::StoreOptions{.store_id = "S001"}};
  kiosk::Kiosk kiosk{store, kiosk_options(std::vector<unsigned char>(32, 1))};
  StaffAuthority staff{{token_staff("kim", kToken)}};
  FailedAttemptLimiter limiter;
  HttpMetrics metrics;
  ApiRouter router{kiosk, staff, limiter, metrics};
  std::unique_ptr<ServerThread> running;
  HttpServer* server = nullptr;

  explicit Served(HttpServerOptions options = {}) {
    REQUIRE(store.keys().add(1, std::vector<unsigned char>(32, 9), Clock::now()));
    if (options.web_dir.empty()) options.web_dir = testing::source_dir() / "edge/web";
    running = std::make_unique<ServerThread>(options, router, metrics);
    server = running->server.get();
    kiosk.on_scan_outcome([s = server](const ScanOutcome& o) {
      s->publish_event("scan", json({{"kind", o.kind == ScanKind::member ? "member" : "other"},
                                     {"coupon", o.coupon ? json(o.coupon->code) : json(nullptr)}})
                                   .dump());
    });
  }
  std::uint16_t port() const { return server->port(); }
};

std::string get(const std::string& target, bool auth = true) {
  return "GET " + target + " HTTP/1.1\r\nHost: t\r\n" +
         (auth ? "Authorization: Bearer " + kToken + "\r\n" : "") + "Connection: close\r\n\r\n";
}

}  // namespace

TEST_CASE("keep-alive serves several requests on one connection; pages and API side by side") {
  Served s;
  int fd = connect_loopback(s.port());
  send_all(fd, "GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n");
  auto first = read_some(fd, 5s, "\"ok\"}");
  CHECK(status_of(first) == 200);
  send_all(fd, "GET /staff.html HTTP/1.1\r\nHost: t\r\n\r\n");
  auto second = read_some(fd, 5s, "</html>");
  CHECK(status_of(second) == 200);
  CHECK(second.find("Content-Type: text/html; charset=utf-8") != std::string::npos);
  CHECK(second.find("Content-Security-Policy: default-src 'self'") != std::string::npos);
  ::close(fd);
  CHECK(status_of(http_exchange(s.port(), get("/entrance", false))) == 200);
  CHECK(status_of(http_exchange(s.port(), get("/../CMakeLists.txt", false))) == 404);
  CHECK(status_of(http_exchange(s.port(), get("/%2e%2e/CMakeLists.txt", false))) == 404);
  CHECK(status_of(http_exchange(s.port(), get("/nope.html", false))) == 404);
  CHECK(status_of(http_exchange(
            s.port(),
            "POST /staff.html HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")) ==
        405);
  CHECK(status_of(http_exchange(s.port(), get("/api/v1/auth/whoami", false))) == 401);
  CHECK(status_of(http_exchange(s.port(), get("/api/v1/auth/whoami"))) == 200);
}

TEST_CASE("oversized bodies get 413, oversized headers 431, garbage 400, and the server keeps serving") {
  HttpServerOptions o;
  o.max_body_bytes = 1024;
  Served s(o);
  const std::string big(4096, 'x');
  auto r =
      http_exchange(s.port(), "POST /api/v1/scans HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer " + kToken +
                                  "\r\nContent-Type: application/json\r\nContent-Length: 4096\r\n\r\n" + big);
  CHECK(status_of(r) == 413);
  CHECK(status_of(http_exchange(s.port(), "GET /healthz HTTP/1.1\r\nHost: t\r\nX-Pad: " +
                                              std::string(10000, 'a') + "\r\n\r\n")) == 431);
  CHECK(status_of(http_exchange(s.port(), "HELLO THERE\r\n\r\n")) == 400);
  CHECK(status_of(http_exchange(s.port(), "POST /api/v1/scans HTTP/1.1\r\nContent-Length: abc\r\n\r\n")) ==
        400);
  // Chunked bodies count against the same cap.
  std::string chunked = "POST /api/v1/scans HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 4; ++i) chunked += "200\r\n" + std::string(512, 'y') + "\r\n";
  chunked += "0\r\n\r\n";
  CHECK(status_of(http_exchange(s.port(), chunked)) == 413);
  // Malformed JSON inside a well-formed request is the API's 400.
  auto bad_json =
      http_exchange(s.port(), "POST /api/v1/scans HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer " + kToken +
                                  "\r\nContent-Length: 5\r\nConnection: close\r\n\r\n{{{{{");
  CHECK(status_of(bad_json) == 400);
  CHECK(status_of(http_exchange(s.port(), get("/healthz", false))) == 200);
}

TEST_CASE("a slow client is cut off at the request time-out without holding up anyone else") {
  HttpServerOptions o;
  o.request_timeout = 800ms;
  Served s(o);
  int slow = connect_loopback(s.port());
  send_all(slow, "GET /healthz HTTP/1.1\r\nHo");  // and then nothing
  int idle = connect_loopback(s.port());          // connects and never sends
  auto t0 = std::chrono::steady_clock::now();
  CHECK(status_of(http_exchange(s.port(), get("/healthz", false))) == 200);
  CHECK(std::chrono::steady_clock::now() - t0 < 500ms);
  CHECK(peer_closed(slow, 3s));
  CHECK(peer_closed(idle, 3s));
  ::close(slow);
  ::close(idle);
}

TEST_CASE("server-sent events carry each scan outcome to every open stream") {
  Served s;
  int a = connect_loopback(s.port());
  int b = connect_loopback(s.port());
  send_all(a, "GET /api/v1/events HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer " + kToken + "\r\n\r\n");
  send_all(b, "GET /api/v1/events HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer " + kToken + "\r\n\r\n");
  auto head_a = read_some(a, 5s, ": connected\n\n");
  auto head_b = read_some(b, 5s, ": connected\n\n");
  CHECK(head_a.find("Content-Type: text/event-stream") != std::string::npos);
  CHECK(head_b.find("HTTP/1.1 200") == 0);
  auto member = with_luhn_digit("800100200300400");
  auto posted = http_exchange(s.port(), "POST /api/v1/scans HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer " +
                                            kToken + "\r\nConnection: close\r\nContent-Length: " +
                                            std::to_string(json({{"text", member}}).dump().size()) +
                                            "\r\n\r\n" + json({{"text", member}}).dump());
  REQUIRE(status_of(posted) == 200);
  auto outcome = json::parse(posted.substr(posted.find("\r\n\r\n") + 4));
  auto ev_a = read_some(a, 5s, "\n\n");
  auto ev_b = read_some(b, 5s, "\n\n");
  CHECK(ev_a.rfind("event: scan\ndata: ", 0) == 0);
  CHECK(ev_a == ev_b);
  auto data = json::parse(ev_a.substr(ev_a.find("data: ") + 6));
  CHECK(data["kind"] == "member");
  CHECK(data["coupon"] == (outcome["coupon"].is_object() ? outcome["coupon"]["code"] : json(nullptr)));
  CHECK(s.metrics.prometheus_text().find("smartstore_http_event_streams 2") != std::string::npos);
  ::close(a);
  ::close(b);
  // Unauthenticated streams are refused like any staff call.
  CHECK(status_of(http_exchange(s.port(), get("/api/v1/events", false))) == 401);
}

TEST_CASE("plain HTTP is refused off loopback; TLS works with the kiosk's certificate") {
  {
    testing::TempDir dir;
    store::KioskStore st{dir / "k.db", store::StoreOptions{.store_id = "S001"}};
    kiosk::Kiosk k{st, kiosk_options(std::vector<unsigned char>(32, 1))};
    StaffAuthority staff{std::vector<StaffEntry>{}};
    FailedAttemptLimiter limiter;
    HttpMetrics metrics;
    ApiRouter router{k, staff, limiter, metrics};
    boost::asio::io_context io;
    HttpServerOptions o;
    o.listen_address = "0.0.0.0";
    HttpServer server(io, o, router, metrics);
    CHECK_THROWS_WITH_AS(server.start(), doctest::Contains("plain HTTP only on loopback"),
                         std::runtime_error);
  }

  testing::TempDir certs;
  const auto cert = certs / "kiosk.crt", key = certs / "kiosk.key";
  const std::string cmd =
      "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 "
      "-subj /CN=localhost -keyout " +
      key.string() + " -out " + cert.string() + " 2>/dev/null";
  REQUIRE(std::system(cmd.c_str()) == 0);
  HttpServerOptions o;
  o.tls_cert_file = cert;
  o.tls_key_file = key;
  o.request_timeout = 2s;
  Served s(o);

  SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
  REQUIRE(SSL_CTX_load_verify_locations(ctx, cert.c_str(), nullptr) == 1);
  SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nullptr);
  int fd = connect_loopback(s.port());
  SSL* ssl = SSL_new(ctx);
  SSL_set_fd(ssl, fd);
  REQUIRE(SSL_connect(ssl) == 1);
  CHECK(SSL_get_verify_result(ssl) == X509_V_OK);
  CHECK(SSL_version(ssl) >= TLS1_2_VERSION);
  const std::string req = get("/api/v1/auth/whoami");
  REQUIRE(SSL_write(ssl, req.data(), static_cast<int>(req.size())) > 0);
  std::string response;
  char buf[4096];
  for (int n; (n = SSL_read(ssl, buf, sizeof buf)) > 0;) response.append(buf, static_cast<std::size_t>(n));
  CHECK(status_of(response) == 200);
  CHECK(response.find("\"staff_id\":\"kim\"") != std::string::npos);
  SSL_free(ssl);
  ::close(fd);
  SSL_CTX_free(ctx);

  // Plain HTTP against the TLS port fails the handshake and is closed, nothing served.
  auto plain = http_exchange(s.port(), get("/healthz", false));
  CHECK(plain.find("\"ok\"") == std::string::npos);
  // A client that never starts its handshake is dropped at the request time-out.
  int silent = connect_loopback(s.port());
  CHECK(peer_closed(silent, 5s));
  ::close(silent);
}

TEST_CASE("pipelined requests are answered in order; the connection cap refuses extra clients at once") {
  HttpServerOptions o;
  o.max_connections = 3;
  o.request_timeout = 3s;
  Served s(o);
  int fd = connect_loopback(s.port());
  send_all(fd,
           "GET /healthz HTTP/1.1\r\nHost: t\r\n\r\nGET /api/v1/nothing HTTP/1.1\r\nHost: t\r\n\r\n"
           "HEAD /healthz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
  auto all = read_some(fd, 5s);
  auto first = all.find("HTTP/1.1 200"), second = all.find("HTTP/1.1 404"), third = all.rfind("HTTP/1.1 200");
  CHECK(first == 0);
  CHECK(second != std::string::npos);
  CHECK(third > second);
  CHECK(all.substr(third).find("\"ok\"") == std::string::npos);  // HEAD: headers only
  ::close(fd);

  int a = connect_loopback(s.port()), b = connect_loopback(s.port()), c = connect_loopback(s.port());
  send_all(a, "GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n");  // make sure all three are accepted
  CHECK(status_of(read_some(a, 5s, "\"ok\"}")) == 200);
  int d = connect_loopback(s.port());
  CHECK(peer_closed(d, 3s));
  CHECK(s.metrics.prometheus_text().find("smartstore_http_refused_connections_total 1") != std::string::npos);
  for (int x : {a, b, c, d}) ::close(x);
  // Once they are gone the server accepts again.
  std::this_thread::sleep_for(200ms);
  CHECK(status_of(http_exchange(s.port(), get("/healthz", false))) == 200);
}
