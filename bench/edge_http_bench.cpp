// Note POST throughput and p99 through the whole HTTP stack (Beast server,
// router, validation, the real Kiosk over SQLite) next to GET /healthz on the
// same server: the ceiling of the HTTP layer itself. Loopback, in-process
// keep-alive clients.
#include <utility>  // before Asio: g++ 12 + Boost 1.74 need std::exchange declared
#include <boost/asio/post.hpp>

#include <atomic>
#include <filesystem>
#include <stdexcept>
#include <thread>

#include "bench_registry.h"
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>

#include "smartstore/edge/http/http_server.h"
#include "smartstore/edge/kiosk/kiosk.h"
#include "smartstore/edge/store/kiosk_store.h"
#include "tests/support/http_client.h"
#include "tests/support/kiosk_fixtures.h"
#include "tests/support/member_numbers.h"

namespace {
using namespace smartstore::bench;
using namespace smartstore::edge;
using namespace smartstore::edge::http;

const std::string kToken = "bench-token-0123456789abcdef0123456789abcdef0123456789";

struct Run {
  double per_s = 0;
  double p99_ms = 0;
};

// `clients` connections, `per_client` requests each; make(i, n) builds request n of client i.
template <class Make>
Run load(std::uint16_t port, int clients, int per_client, int expected_status, Make make) {
  std::vector<std::vector<double>> lat(static_cast<std::size_t>(clients));
  std::atomic<int> bad{0};
  auto t0 = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c)
    threads.emplace_back([&, c] {
      smartstore::testing::KeepAliveClient client(port);
      auto& mine = lat[static_cast<std::size_t>(c)];
      for (int i = 0; i < per_client; ++i) {
        auto req = make(c, i);
        auto s = std::chrono::steady_clock::now();
        if (client.call(req) != expected_status) ++bad;
        mine.push_back(seconds_since(s) * 1e3);
      }
    });
  for (auto& t : threads) t.join();
  double elapsed = seconds_since(t0);
  if (bad > 0) throw std::runtime_error(std::to_string(bad.load()) + " unexpected statuses");
  std::vector<double> all;
  for (auto& v : lat) all.insert(all.end(), v.begin(), v.end());
  return {static_cast<double>(all.size()) / elapsed, percentile(all, 99)};
}

SMARTSTORE_BENCH("edge_http") {
  const std::filesystem::path dir = ctx.scratch_dir;
  store::KioskStore store(dir / "kiosk.db", store::StoreOptions{.store_id = "S001"});
  kiosk::Kiosk kiosk(store, smartstore::testing::kiosk_options(std::vector<unsigned char>(32, 3)));
  StaffAuthority staff({smartstore::testing::token_staff("bench", kToken)});
  FailedAttemptLimiter limiter;
  HttpMetrics metrics;
  ApiRouter router(kiosk, staff, limiter, metrics);
  boost::asio::io_context io;
  HttpServer server(io, HttpServerOptions{}, router, metrics);
  server.start();
  std::thread io_thread([&] {
    auto guard = boost::asio::make_work_guard(io);
    io.run();
  });

  const int clients = 4;
  const int health_n = ctx.quick ? 500 : 10000;
  const int note_n = ctx.quick ? 100 : 1500;
  std::vector<std::string> members;
  for (int i = 0; i < 64; ++i) members.push_back(smartstore::testing::with_luhn_digit("8001002003" + std::to_string(10000 + i)));
  const std::string health = "GET /healthz HTTP/1.1\r\nHost: b\r\n\r\n";
  const std::string note_body =
      R"({"items":[{"category":"여성의류","quantity":1,"price_krw":89000}],"deliberation_min":4,"remarks":"bench"})";

  std::vector<smartstore::bench::BenchResult> out;
  try {
    Run h = load(server.port(), clients, health_n / clients, 200, [&](int, int) { return health; });
    Run n = load(server.port(), clients, note_n / clients, 201, [&](int c, int i) {
      return "POST /api/v1/customers/" + members[static_cast<std::size_t>((c * 7 + i) % 64)] +
             "/notes HTTP/1.1\r\nHost: b\r\nAuthorization: Bearer " + kToken +
             "\r\nContent-Type: application/json\r\nIdempotency-Key: b-" + std::to_string(c) + "-" + std::to_string(i) +
             "\r\nContent-Length: " + std::to_string(note_body.size()) + "\r\n\r\n" + note_body;
    });
    out = {{"note_post_per_s", n.per_s, "requests_per_s", h.per_s, "GET /healthz on the same server"},
           {"note_post_p99_ms", n.p99_ms, "ms", h.p99_ms, "GET /healthz p99"}};
  } catch (...) {
    boost::asio::post(io, [&] { server.stop(); io.stop(); });
    io_thread.join();
    throw;
  }
  boost::asio::post(io, [&] {
    server.stop();
    io.stop();
  });
  io_thread.join();
  return out;
}

}  // namespace
