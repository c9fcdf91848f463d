// ctest-labels: crash integration
// The crash matrix: the real smartstored under a mixed HTTP load (scans that
// issue coupons, staff notes, redemptions) while HQ publishes new snapshots,
// SIGKILLed at seeded random points. After every kill the database must be
// intact, hold every write the client saw acknowledged, and serve a snapshot
// that is wholly one version; at the end HQ (smartstore-hq ingest) must hold
// every event exactly once.
//   SMARTSTORE_CRASH_KILLS (default 20) and SMARTSTORE_CRASH_SEED vary the run.
#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <openssl/rand.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <thread>

#include "scenarios/crash_matrix.h"
#include "smartstore/edge/http/staff_auth.h"
#include "smartstore/models/member_key.h"
#include "support/json_api.h"
#include "support/member_numbers.h"
#include "sync/sync_fixture.h"

using namespace smartstore;
using namespace smartstore::testing;
using namespace smartstore::testing::crash_matrix;
using namespace std::chrono_literals;

namespace {

constexpr const char* kToken = "crash-matrix-token-0123456789";
constexpr const char* kTillToken = "crash-matrix-till-token-0123456789";  // only a till redeems

using Reply = JsonReply;

Reply http(int port, const std::string& method, const std::string& target, const std::string& body = "",
           const std::string& extra_headers = "") {
  const char* token = target == "/api/v1/coupons/redeem" ? kTillToken : kToken;
  return json_call(static_cast<std::uint16_t>(port), method, target, token, body, extra_headers,
                   std::chrono::seconds(5));
}

std::string luhn_card(std::uint64_t n) {
  return with_luhn_digit("9410" + std::to_string(100'000'000'000ULL + n).substr(1));  // 15 digits + check
}

struct Acknowledged {
  std::mutex mutex;
  std::vector<std::string> coupon_ids;           // issue answered 2xx with a coupon
  std::vector<std::string> redeemable_codes;     // issued, not yet redeemed
  std::vector<std::string> redeemed_coupon_ids;  // redemption answered 200 accepted
  std::vector<std::string> note_event_ids;       // note answered 201 with its event id
};

// One client working through cards until told to stop; records only what the
// daemon acknowledged completely.
void drive_load(int port, const std::vector<std::string>& cards, std::size_t& next_card, Acknowledged& ack,
                std::atomic<bool>& stop, std::mt19937& rng, std::uint64_t& note_seq) {
  while (!stop) {
    int pick = static_cast<int>(rng() % 10);
    if (pick < 5) {
      const auto& card = cards[next_card++ % cards.size()];
      auto r = http(port, "POST", "/api/v1/scans", nlohmann::json{{"text", card}}.dump());
      if (r.status == 200 && r.body.is_object() && r.body["coupon"].is_object() &&
          r.body["coupon"]["coupon_id"].is_string() && r.body["coupon"]["code"].is_string()) {
        std::lock_guard g(ack.mutex);
        ack.coupon_ids.push_back(r.body["coupon"]["coupon_id"]);
        ack.redeemable_codes.push_back(r.body["coupon"]["code"]);
      }
    } else if (pick < 8) {
      const auto& card = cards[rng() % cards.size()];
      std::string key = "crash-note-" + std::to_string(note_seq++);
      auto r = http(
          port, "POST", "/api/v1/customers/" + card + "/notes",
          R"({"items":[{"category":"스낵","quantity":2,"price_krw":4500,"sold":true}],"remarks":"crash"})",
          "Idempotency-Key: " + key + "\r\n");
      if (r.status == 201 && r.body.is_object() && r.body["event_id"].is_string()) {
        std::lock_guard g(ack.mutex);
        ack.note_event_ids.push_back(r.body["event_id"]);
      }
    } else {
      std::string code;
      {
        std::lock_guard g(ack.mutex);
        if (ack.redeemable_codes.empty()) continue;
        code = ack.redeemable_codes.back();
        ack.redeemable_codes.pop_back();  // one attempt per code: a cut answer is not retried
      }
      auto r = http(port, "POST", "/api/v1/coupons/redeem", nlohmann::json{{"code", code}}.dump());
      if (r.status == 200 && r.body.is_object() && r.body["accepted"] == true &&
          r.body["coupon"].is_object() && r.body["coupon"]["coupon_id"].is_string()) {
        std::lock_guard g(ack.mutex);
        ack.redeemed_coupon_ids.push_back(r.body["coupon"]["coupon_id"]);
      }
    }
  }
}

std::string metric_line(int port, const std::string& name) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<std::uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string out;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0) {
    std::string req = "GET /metrics HTTP/1.1\r\nHost: k\r\nConnection: close\r\n\r\n";
    (void)::send(fd, req.data(), req.size(), MSG_NOSIGNAL);
    char buf[4096];
    for (ssize_t n; (n = ::recv(fd, buf, sizeof buf, 0)) > 0;) out.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  auto at = out.find("\n" + name + " ");
  if (at == std::string::npos) return "";
  auto end = out.find('\n', at + 1);
  return out.substr(at + name.size() + 2, end - at - name.size() - 2);
}

std::uint64_t env_or(const char* name, std::uint64_t fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::stoull(v) : fallback;
}

// The kiosk's keys, its staff and kiosk configuration in `dir`, and the
// member cards the load uses with their member keys (the snapshot's records).
struct Members {
  std::vector<std::string> cards, keys;
};
Members write_kiosk_files(const std::filesystem::path& dir, const std::string& broker_uri, int port) {
  std::filesystem::create_directories(dir / "keys");
  std::vector<unsigned char> deployment(32), coupon(32);
  REQUIRE(RAND_bytes(deployment.data(), 32) == 1);
  REQUIRE(RAND_bytes(coupon.data(), 32) == 1);
  auto write_key = [](const std::filesystem::path& f, const std::vector<unsigned char>& k) {
    std::ofstream(f, std::ios::binary)
        .write(reinterpret_cast<const char*>(k.data()), static_cast<std::streamsize>(k.size()));
    ::chmod(f.c_str(), 0600);
  };
  write_key(dir / "keys/deployment.key", deployment);
  write_key(dir / "keys/coupon.key", coupon);

  Members m;
  for (std::uint64_t i = 0; i < 3000; ++i) {
    m.cards.push_back(luhn_card(i));
    m.keys.push_back(models::member_key(deployment, m.cards.back()));
  }
  write_file(dir / "staff.toml", "[[staff]]\nid = \"kim\"\ntoken_sha256 = \"" +
                                     edge::http::sha256_hex(kToken) +
                                     "\"\n[[staff]]\nid = \"till\"\nrole = \"till\"\ntoken_sha256 = \"" +
                                     edge::http::sha256_hex(kTillToken) + "\"\n");
  write_file(
      dir / "kiosk.toml",
      "[kiosk]\nstore_id = \"S001\"\nkiosk_id = \"K01\"\ndata_dir = \"" + (dir / "data").string() +
          "\"\ndeployment_key_file = \"" + (dir / "keys/deployment.key").string() +
          "\"\ncoupon_key_file = \"" + (dir / "keys/coupon.key").string() + "\"\n[broker]\nuri = \"" +
          broker_uri +
          "\"\nallow_plaintext = true\nuplink_interval_ms = 100\nreconnect_min_ms = 100\nreconnect_max_ms = "
          "1000\n[http]\nlisten = \"127.0.0.1:" +
          std::to_string(port) + "\"\nstaff_file = \"" + (dir / "staff.toml").string() +
          "\"\n[policy]\nwelcome_per_hour = 100000\nwelcome_per_day = 1000000\n");  // kills, not limits
  return m;
}

// What the kill rounds share and count.
struct Rounds {
  std::filesystem::path dir;
  int port = 0;
  sync::BrokerOptions hq;
  Members members;
  Acknowledged ack;
  std::size_t next_card = 0;
  std::uint64_t note_seq = 0;
  std::map<std::uint64_t, std::int64_t> records_of_version;  // version -> record count
  std::int64_t last_seen_version = 0, published = 0;
  std::uint64_t survived = 0, mid_apply_kills = 0;
};

// Every other round HQ sends a new snapshot (filler varies its size) so
// kills land before, during and after applies. Returns whether it published.
bool maybe_publish(Rounds& r, std::mt19937& rng, std::uint64_t round, bool last) {
  bool publishing = round == 0 || (!last && rng() % 2 == 0);
  if (publishing) {
    ++r.published;
    std::size_t filler = 2000 + rng() % 20000;
    auto m = write_snapshot(r.dir / "hq/snapshots/S001", r.published, r.members.keys, filler);
    r.records_of_version[static_cast<std::uint64_t>(r.published)] = static_cast<std::int64_t>(m.record_count);
    REQUIRE(sync::publish_snapshot(r.hq, "S001", r.dir / "hq/snapshots/S001").has_value());
  }
  // The first version must be in place before scans can earn coupons. The
  // daemon's first subscription may come after HQ's first publish: repeat it.
  for (int attempt = 0; round == 0 && attempt < 5; ++attempt) {
    if (wait_until([&] { return metric_line(r.port, "smartstore_snapshot_version") == "1"; }, 4s)) break;
    REQUIRE(sync::publish_snapshot(r.hq, "S001", r.dir / "hq/snapshots/S001").has_value());
  }
  if (round == 0) REQUIRE(metric_line(r.port, "smartstore_snapshot_version") == "1");
  return publishing;
}

// Half the publishing rounds aim at the apply itself: the kill follows the
// "staged and verified, applying" line by 0-150 ms; otherwise a random point.
void kill_daemon(Rounds& r, ChildProcess& daemon, std::mt19937& rng, std::uint64_t round, bool publishing) {
  const bool aim_at_apply = publishing && round > 0 && rng() % 2 == 0;
  if (aim_at_apply &&
      daemon.wait_for_log("sync: snapshot v" + std::to_string(r.published) + " staged and verified", 10s)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(rng() % 150));
  } else {
    std::uniform_int_distribution<int> delay_ms(50, 800);
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms(rng)));
  }
  daemon.signal(SIGKILL);
  CHECK(daemon.wait(10s) == 128 + SIGKILL);
}

// After a kill: the file is intact, holds every acknowledged write, and its
// snapshot is wholly old or wholly new.
void check_after_kill(Rounds& r, bool publishing) {
  KioskFile f(r.dir / "data/kiosk.db");
  REQUIRE(f.text("PRAGMA integrity_check") == "ok");
  const auto coupons = f.set("SELECT coupon_id FROM coupons");
  const auto redemptions = f.set("SELECT coupon_id FROM redemptions");
  const auto notes = f.set("SELECT event_id FROM notes");
  const auto outbox = f.set("SELECT event_id FROM outbox");
  std::lock_guard g(r.ack.mutex);
  for (const auto& id : r.ack.coupon_ids) REQUIRE_MESSAGE(coupons.count(id) == 1, "coupon " << id << " lost");
  for (const auto& id : r.ack.redeemed_coupon_ids)
    REQUIRE_MESSAGE(redemptions.count(id) == 1, "redemption of " << id << " lost");
  for (const auto& id : r.ack.note_event_ids) {
    REQUIRE_MESSAGE(notes.count(id) == 1, "note " << id << " lost");
    REQUIRE_MESSAGE(outbox.count(id) == 1, "note " << id << " has no outbox row");
  }
  // Wholly old or wholly new: the active table holds exactly the manifest's records.
  const auto version = f.count("SELECT value FROM meta WHERE key = 'snapshot_version'");
  const auto active = f.text("SELECT value FROM meta WHERE key = 'active_profiles'");
  REQUIRE((active == "a" || active == "b"));
  const auto rows = f.count("SELECT COUNT(*) FROM profiles_" + active);
  REQUIRE(version >= r.last_seen_version);
  REQUIRE(r.records_of_version.count(static_cast<std::uint64_t>(version)) == 1);
  CHECK(rows == r.records_of_version[static_cast<std::uint64_t>(version)]);
  auto manifest =
      nlohmann::json::parse(f.text("SELECT value FROM meta WHERE key = 'snapshot_manifest'"), nullptr, false);
  REQUIRE(manifest.is_object());
  CHECK(manifest["version"] == version);
  CHECK(manifest["record_count"] == rows);
  if (publishing && version < r.published) ++r.mid_apply_kills;
  r.last_seen_version = version;
  ++r.survived;
}

// One round: start the daemon, maybe publish, load it, and (except on the last
// round, whose daemon is returned still running) kill it and check the file.
std::unique_ptr<ChildProcess> run_round(Rounds& r, std::mt19937& rng, std::uint64_t round, bool last) {
  auto daemon = std::make_unique<ChildProcess>(
      program("smartstored"), std::vector<std::string>{"--config", (r.dir / "kiosk.toml").string()},
      r.dir / ("daemon-" + std::to_string(round) + ".log"));
  REQUIRE_MESSAGE(daemon->wait_for_log("smartstored ready", 20s), daemon->log());
  const bool publishing = maybe_publish(r, rng, round, last);

  std::atomic<bool> stop{false};
  std::mt19937 load_rng(static_cast<std::mt19937::result_type>(rng()));  // the client's own: no shared state
  std::thread load(
      [&] { drive_load(r.port, r.members.cards, r.next_card, r.ack, stop, load_rng, r.note_seq); });
  if (last) {
    std::this_thread::sleep_for(1s);
    stop = true;
    load.join();
    return daemon;
  }
  kill_daemon(r, *daemon, rng, round, publishing);
  stop = true;
  load.join();
  check_after_kill(r, publishing);
  return nullptr;
}

// HQ's events in one read: ids, and per type the ids or coupon ids they carry.
struct HqEvents {
  std::multiset<std::string> ids, notes, issued, redeemed;
};
HqEvents read_hq_events(const std::filesystem::path& hq_db) {
  HqEvents e;
  KioskFile h(hq_db);
  for (const auto& row :
       h.column("SELECT type || ' ' || event_id || ' ' || IFNULL(json_extract(payload, '$.coupon_id'), '-') "
                "FROM events WHERE store_id = 'S001'")) {
    auto a = row.find(' '), b = row.find(' ', a + 1);
    const auto type = row.substr(0, a), id = row.substr(a + 1, b - a - 1), coupon_id = row.substr(b + 1);
    e.ids.insert(id);
    if (type == "staff_note") e.notes.insert(id);
    if (type == "coupon_issued") e.issued.insert(coupon_id);
    if (type == "coupon_redeemed") e.redeemed.insert(coupon_id);
  }
  return e;
}

// The last daemon keeps running: wait until HQ acknowledged everything, then
// every event is there exactly once. Returns the number of events.
std::size_t check_hq_holds_every_event(Rounds& r) {
  const auto hq_db = r.dir / "hq/hq.db";
  auto& ack = r.ack;
  REQUIRE(!ack.coupon_ids.empty());
  REQUIRE(!ack.note_event_ids.empty());
  REQUIRE(!ack.redeemed_coupon_ids.empty());
  std::vector<std::string> outbox_ids;
  {
    // A reader beside the live daemon (WAL): the store's complete event list.
    KioskFile f(r.dir / "data/kiosk.db");
    outbox_ids = f.column("SELECT event_id FROM outbox");
  }
  const bool drained = wait_until(
      [&] {
        return hq_count(hq_db, "SELECT COUNT(*) FROM events WHERE store_id = 'S001'") >=
               static_cast<std::int64_t>(outbox_ids.size());
      },
      30s);
  CHECK_MESSAGE(drained,
                "HQ holds " << hq_count(hq_db, "SELECT COUNT(*) FROM events") << " of " << outbox_ids.size());
  const auto hq = read_hq_events(hq_db);
  for (const auto& id : outbox_ids)
    REQUIRE_MESSAGE(hq.ids.count(id) == 1, "event " << id << " at HQ " << hq.ids.count(id) << " times");
  for (const auto& id : ack.note_event_ids) REQUIRE(hq.notes.count(id) == 1);
  for (const auto& id : ack.coupon_ids) REQUIRE(hq.issued.count(id) == 1);
  for (const auto& id : ack.redeemed_coupon_ids) REQUIRE(hq.redeemed.count(id) == 1);
  CHECK(hq.ids.size() == outbox_ids.size());
  return outbox_ids.size();
}

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace

TEST_CASE(
    "crash matrix: SIGKILL under load loses no acknowledged write, tears no snapshot, duplicates nothing at "
    "HQ") {
  const std::uint64_t kills = env_or("SMARTSTORE_CRASH_KILLS", 20);
  const std::uint64_t seed = env_or("SMARTSTORE_CRASH_SEED", 20261123);
  MESSAGE("crash matrix: seed " << seed << ", " << kills
                                << " kills (SMARTSTORE_CRASH_SEED / SMARTSTORE_CRASH_KILLS)");
  std::mt19937 rng(static_cast<std::mt19937::result_type>(seed));

  TempDir dir;
  MosquittoBroker broker(dir / "broker");
  std::filesystem::create_directories(dir / "hq/snapshots");
  ChildProcess ingest(program("smartstore-hq"),
                      {"ingest", "--broker", broker.uri(), "--db", (dir / "hq/hq.db").string(), "--snapshots",
                       (dir / "hq/snapshots").string(), "--client-id", "hq-crash-ingest"},
                      dir / "ingest.log");
  REQUIRE_MESSAGE(ingest.wait_for_log("ingest: subscribed", 15s), ingest.log());

  Rounds r;
  r.dir = dir.path();
  r.port = free_loopback_port();
  r.hq = sync::BrokerOptions{broker.uri(), "hq-crash-pub", {}, {}, {}, 5000ms};
  r.members = write_kiosk_files(dir.path(), broker.uri(), r.port);

  const auto started = std::chrono::steady_clock::now();
  std::unique_ptr<ChildProcess> daemon;
  for (std::uint64_t round = 0; round <= kills; ++round) daemon = run_round(r, rng, round, round == kills);

  const double kill_phase_s = seconds_since(started);
  const auto drain_started = std::chrono::steady_clock::now();
  std::lock_guard g(r.ack.mutex);
  const auto& ack = r.ack;
  const std::size_t events = check_hq_holds_every_event(r);
  const auto checked = ack.coupon_ids.size() + ack.note_event_ids.size() + ack.redeemed_coupon_ids.size();
  MESSAGE("crash matrix: " << r.survived << " kills survived (" << r.mid_apply_kills
                           << " before a published snapshot was applied), " << checked
                           << " acknowledged writes checked after every kill (" << ack.coupon_ids.size()
                           << " coupons, " << ack.note_event_ids.size() << " notes, "
                           << ack.redeemed_coupon_ids.size() << " redemptions), " << events
                           << " events at HQ exactly once, " << r.published
                           << " snapshots published; kill rounds " << kill_phase_s
                           << " s, final sync + HQ check " << seconds_since(drain_started) << " s");
  daemon->signal(SIGTERM);
  CHECK(daemon->wait(20s) == 0);
  ingest.signal(SIGTERM);
  CHECK(ingest.wait(10s) == 0);
}
