// Uplink drain: 100,000 events in edge's real outbox (KioskStore) drained by
// the store agent to a local mosquitto this bench starts, until every event is
// acknowledged by the broker (PUBACK, marked sent), next to a bare Paho QoS 1
// publish loop of the same events one message each (1000 in flight), same run.
#include <arpa/inet.h>
#include <mqtt/async_client.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sqlite3.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <deque>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <thread>

#include "bench_registry.h"
#include "smartstore/edge/store/kiosk_store.h"
#include "smartstore/sync/agent.h"

extern char** environ;

namespace {
using namespace smartstore;
using namespace smartstore::bench;
using namespace std::chrono_literals;

int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), len);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  return ntohs(a.sin_port);
}

bool accepts(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<std::uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  ::close(fd);
  return ok;
}

// A throwaway mosquitto on a free loopback port, stopped with the object.
class Broker {
 public:
  explicit Broker(const std::filesystem::path& dir) : port_(free_port()) {
    std::filesystem::create_directories(dir);
    auto conf = dir / "mosquitto.conf";
    std::ofstream(conf) << "listener " << port_ << " 127.0.0.1\nallow_anonymous true\npersistence false\n"
                        << "log_dest stderr\nlog_type error\nmax_queued_messages 0\nmax_inflight_messages 0\n"
                        << (::geteuid() == 0 ? "user root\n" : "");
    std::string c = conf.string();
    const char* argv[] = {"mosquitto", "-c", c.c_str(), nullptr};
    if (posix_spawnp(&pid_, "mosquitto", nullptr, nullptr, const_cast<char* const*>(argv), environ) != 0)
      throw std::runtime_error("cannot start mosquitto");
    for (int i = 0; i < 200 && !accepts(port_); ++i) std::this_thread::sleep_for(25ms);
    if (!accepts(port_)) throw std::runtime_error("mosquitto did not come up");
  }
  ~Broker() {
    ::kill(pid_, SIGTERM);
    ::waitpid(pid_, nullptr, 0);
  }
  Broker(const Broker&) = delete;
  Broker& operator=(const Broker&) = delete;
  std::string uri() const { return "tcp://127.0.0.1:" + std::to_string(port_); }

 private:
  int port_;
  pid_t pid_ = -1;
};

std::string event_id(std::size_t i) {
  char id[40];
  std::snprintf(id, sizeof id, "0192f3a0-0000-7000-8000-%012zu", i);
  return id;
}

std::string payload(std::size_t i) {
  return R"({"coupon_id":"C)" + std::to_string(i) +
         R"(","member_key":"9f2c4e0b7a1d3f5e8c6b2a4d1e3f5a7c9b8d6e4f2a1c3e5d7b9f0a2c4e6d8b1a","offer":"O-7","reason":"due"})";
}

// The outbox rows a day of scans leaves, written into edge's table.
void fill_outbox(const std::filesystem::path& file, std::size_t n) {
  sqlite3* db = nullptr;
  sqlite3_open(file.c_str(), &db);
  sqlite3_busy_timeout(db, 5000);
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_stmt* s = nullptr;
  sqlite3_prepare_v2(db, "INSERT INTO outbox(event_id, type, day, created_at, payload) VALUES(?1,'coupon_issued','2026-11-23',"
                         "'2026-11-23T10:00:00Z',?2)", -1, &s, nullptr);
  for (std::size_t i = 0; i < n; ++i) {
    auto id = event_id(i), body = payload(i);
    sqlite3_bind_text(s, 1, id.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 2, body.c_str(), -1, SQLITE_TRANSIENT);
    if (sqlite3_step(s) != SQLITE_DONE) throw std::runtime_error(std::string("outbox insert: ") + sqlite3_errmsg(db));
    sqlite3_reset(s);
  }
  sqlite3_finalize(s);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  sqlite3_close(db);
}

// The floor: each event its own QoS 1 message, a window of 1000 in flight.
double bare_publish(const std::string& uri, std::size_t n) {
  mqtt::async_client cli(uri, "bench-bare", mqtt::create_options(MQTTVERSION_3_1_1, 2000), nullptr);
  cli.connect(mqtt::connect_options_builder().clean_session(true).max_inflight(2000).finalize())->wait();
  const std::string topic = "smartstore/v1/stores/S001/up/events";
  auto t0 = std::chrono::steady_clock::now();
  std::deque<mqtt::delivery_token_ptr> window;
  for (std::size_t i = 0; i < n; ++i) {
    std::string body = R"({"event_id":")" + event_id(i) + R"(","type":"coupon_issued","day":"2026-11-23",)" +
                       R"("created_at":"2026-11-23T10:00:00Z","payload":)" + payload(i) + "}";
    window.push_back(cli.publish(topic, body, 1, false));
    if (window.size() >= 1000) {
      window.front()->wait();
      window.pop_front();
    }
  }
  for (auto& t : window) t->wait();
  double s = seconds_since(t0);
  cli.disconnect()->wait();
  return s;
}

SMARTSTORE_BENCH("sync_uplink") {
  const std::size_t n = ctx.quick ? 5'000 : 100'000;
  const auto dir = std::filesystem::path(ctx.scratch_dir);
  Broker broker(dir / "broker");

  const double bare_s = bare_publish(broker.uri(), n);

  edge::store::StoreOptions so{"S001", 1'000'000, 30, true};
  edge::store::KioskStore store(dir / "kiosk.db", so);
  sync::AgentOptions o;
  o.broker.uri = broker.uri();
  o.allow_plaintext = true;  // the bench broker is plain TCP on loopback
  o.broker.client_id = "S001-bench";
  o.store_id = "S001";
  o.staging_dir = dir / "staging";
  o.batch_size = 200;
  o.uplink_interval = std::chrono::minutes(10);  // drains on wake() only
  o.nightly_hour = 24;
  sync::StoreAgent agent(o, store.outbox(), store.downlink());
  agent.start();
  for (int i = 0; i < 400 && !agent.stats().connected; ++i) std::this_thread::sleep_for(25ms);
  if (!agent.stats().connected) throw std::runtime_error("agent did not connect");
  fill_outbox(dir / "kiosk.db", n);
  auto t0 = std::chrono::steady_clock::now();
  agent.wake();
  while (agent.stats().events_sent < n && seconds_since(t0) < 600) std::this_thread::sleep_for(2ms);
  const double agent_s = seconds_since(t0);
  if (agent.stats().events_sent != n) throw std::runtime_error("agent did not drain the outbox");
  agent.stop();

  return {{"uplink_drain_events_per_s", static_cast<double>(n) / agent_s, "events_per_s",
           static_cast<double>(n) / bare_s, "bare Paho QoS 1 loop, 1 event/message"}};
}

}  // namespace
