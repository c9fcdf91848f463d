// ctest-labels: security integration
// Coupon keys from HQ to the real smartstored through a real mosquitto, as a
// mistaken or replayed HQ message (or whoever can write the downlink) would
// send them: a rotation naming id 1 or an id already held does not replace
// it (coupons signed under it still redeem), a retired id stops verifying and
// is never revived, a key in clear is refused, and a key queued for an
// offline kiosk lies in the broker's persistence file sealed, never in clear.
#include <doctest/doctest.h>
#include <signal.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>

#include "smartstore/edge/coupon/coupon_code.h"
#include "smartstore/edge/http/staff_auth.h"
#include "smartstore/sync/coupon_key_seal.h"
#include "smartstore/sync/hq.h"
#include "support/child_process.h"
#include "support/json_api.h"
#include "support/key_files.h"
#include "support/member_numbers.h"
#include "support/mosquitto_broker.h"
#include "support/test_paths.h"

using namespace smartstore;
using namespace smartstore::testing;
using namespace std::chrono_literals;

namespace {

const std::string kStaff = "coupon-key-staff-token-0123456789";
const std::string kTill = "coupon-key-till-token-0123456789ab";

std::vector<unsigned char> random_secret() {
  std::random_device rd;
  std::vector<unsigned char> s(32);
  for (auto& c : s) c = static_cast<unsigned char>(rd() & 0xffU);
  return s;
}

std::string hex(const std::vector<unsigned char>& b) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : b) out += {digits[c >> 4], digits[c & 15]};
  return out;
}

std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

struct Store {
  TempDir dir;
  MosquittoBroker broker{dir / "broker"};
  std::vector<unsigned char> store_key;  // the provisioned coupon key file: id 1
  std::unique_ptr<ChildProcess> daemon;  // the kiosk, restarted as the test goes
  int runs = 0;
  int port = free_loopback_port();

  Store() {
    provision_key(dir / "keys/deployment.key");
    provision_key(dir / "keys/coupon.key");
    const std::string key_text = read_file(dir / "keys/coupon.key");
    store_key.assign(key_text.begin(), key_text.end());
    write_file(dir / "staff.toml", "[[staff]]\nid = \"kim\"\ntoken_sha256 = \"" +
                                       edge::http::sha256_hex(kStaff) +
                                       "\"\n[[staff]]\nid = \"till\"\nrole = \"till\"\ntoken_sha256 = \"" +
                                       edge::http::sha256_hex(kTill) + "\"\n");
    write_file(dir / "kiosk.toml",
               "[kiosk]\nstore_id = \"S001\"\nkiosk_id = \"K01\"\ndata_dir = \"" + (dir / "data").string() +
                   "\"\ndeployment_key_file = \"" + (dir / "keys/deployment.key").string() +
                   "\"\ncoupon_key_file = \"" + (dir / "keys/coupon.key").string() +
                   "\"\n[broker]\nuri = \"" + broker.uri() +
                   "\"\nallow_plaintext = true\nreconnect_min_ms = 100\nreconnect_max_ms = 1000\n" +
                   "[http]\nlisten = \"127.0.0.1:" + std::to_string(port) + "\"\nstaff_file = \"" +
                   (dir / "staff.toml").string() + "\"\n");
  }
  void start() {
    daemon = std::make_unique<ChildProcess>(
        program("smartstored"), std::vector<std::string>{"--config", (dir / "kiosk.toml").string()},
        dir / ("daemon-" + std::to_string(++runs) + ".log"));
    REQUIRE_MESSAGE(daemon->wait_for_log("sync: connected to", 20s), daemon->log());
    std::this_thread::sleep_for(500ms);  // the downlink subscription follows the connection
  }
  void stop() {
    daemon->signal(SIGTERM);
    REQUIRE(daemon->wait(20s) == 0);
  }
  // HQ publishes a coupon-key body; waits until the kiosk applied or rejected it.
  bool send(const std::string& key_json) {
    const std::string log = daemon->log();
    const auto applied = count(log, "sync: applied coupon-key");
    const auto rejected = count(log, "sync: rejected downlink message");
    sync::BrokerOptions hq{broker.uri(), "hq-pub", {}, {}, {}, 5000ms};
    REQUIRE(sync::publish_document(hq, "S001", "coupon-key", "{\"key\":" + key_json + "}").has_value());
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (std::chrono::steady_clock::now() < deadline) {
      const std::string now = daemon->log();
      if (count(now, "sync: applied coupon-key") > applied) return true;
      if (count(now, "sync: rejected downlink message") > rejected) return false;
      std::this_thread::sleep_for(50ms);
    }
    FAIL("the kiosk neither applied nor rejected the coupon key: " << daemon->log());
    return false;
  }
  std::string sealed(int id, const std::vector<unsigned char>& secret) {
    const auto in_30_days = std::chrono::duration_cast<std::chrono::seconds>(
                                (std::chrono::system_clock::now() + 30 * 24h).time_since_epoch())
                                .count();
    auto text = sync::seal_coupon_key(store_key, "S001", {id, false, secret, in_30_days});
    REQUIRE(text);
    return *text;
  }
  // A welcome coupon for a new card: its code.
  std::string coupon(std::uint64_t n) {
    const std::string card = with_luhn_digit("87100" + std::to_string(1'000'000'000ULL + n));
    auto r = json_call(static_cast<std::uint16_t>(port), "POST", "/api/v1/scans", kStaff,
                       nlohmann::json{{"text", card}}.dump());
    REQUIRE_MESSAGE((r.status == 200 && r.body["coupon"].is_object()), r.raw);
    return r.body["coupon"]["code"].get<std::string>();
  }
  nlohmann::json redeem(const std::string& code, const std::string& till) {
    return json_call(static_cast<std::uint16_t>(port), "POST", "/api/v1/coupons/redeem", kTill,
                     nlohmann::json{{"code", code}, {"device_id", till}}.dump())
        .body;
  }
};

int key_id_of(const std::string& code) {
  auto parsed = edge::coupon::parse_coupon_code(code);
  REQUIRE(parsed);
  return parsed->body.key_id;
}

}  // namespace

TEST_CASE("coupon keys from HQ: no id overwritten or revived, none in clear, sealed in the broker's store") {
  Store store;
  store.start();
  const std::string first = store.coupon(1);
  CHECK(key_id_of(first) == 1);

  // A rotation naming id 1 (sent as HQ used to: in clear) replaces nothing.
  CHECK_FALSE(store.send(R"({"key_id":1,"key_hex":")" + hex(random_secret()) + "\"}"));
  CHECK(store.daemon->log().find("in clear is refused") != std::string::npos);

  const auto secret2 = random_secret();
  REQUIRE(store.send(store.sealed(2, secret2)));
  const std::string second = store.coupon(2);
  CHECK(key_id_of(second) == 2);  // the newest key signs
  CHECK_FALSE(store.send(store.sealed(2, random_secret())));
  CHECK(store.daemon->log().find("coupon key 2 is already stored with another secret") != std::string::npos);

  // Retired: coupons under key 2 stop verifying; the id cannot come back.
  REQUIRE(store.send(*sync::seal_coupon_key(store.store_key, "S001", {2, true, {}, std::nullopt})));
  const auto refused = store.redeem(second, "till-1");
  CHECK_FALSE(refused.value("accepted", true));
  CHECK(refused.value("message", "") == "coupon key retired");
  CHECK_FALSE(store.send(store.sealed(2, secret2)));
  CHECK(key_id_of(store.coupon(3)) == 1);

  // Queued for an offline kiosk by HQ's command: sealed in mosquitto's persistence file.
  store.stop();
  const auto secret3 = random_secret();
  write_file(store.dir / "new-key-3", std::string(secret3.begin(), secret3.end()));
  const auto in_30_days = std::chrono::duration_cast<std::chrono::seconds>(
                              (std::chrono::system_clock::now() + 30 * 24h).time_since_epoch())
                              .count();
  ChildProcess hq(program("smartstore-hq"),
                  {"coupon-key", "--broker", store.broker.uri(), "--store", "S001", "--store-key",
                   (store.dir / "keys/coupon.key").string(), "--key-id", "3", "--new-key",
                   (store.dir / "new-key-3").string(), "--not-after", std::to_string(in_30_days)},
                  store.dir / "hq.log");
  REQUIRE_MESSAGE(hq.wait(20s) == 0, hq.log());
  store.broker.stop();  // writes its persistence file
  std::string persisted;
  for (const auto& e : std::filesystem::recursive_directory_iterator(store.dir / "broker"))
    if (e.is_regular_file() && e.path().extension() != ".log") persisted += read_file(e.path());
  REQUIRE_MESSAGE(persisted.find("\"key_id\":3") != std::string::npos,
                  "the queued message was not persisted");
  CHECK(persisted.find(hex(secret3)) == std::string::npos);
  CHECK(persisted.find(std::string(secret3.begin(), secret3.end())) == std::string::npos);

  store.broker.start();
  store.daemon = std::make_unique<ChildProcess>(
      program("smartstored"), std::vector<std::string>{"--config", (store.dir / "kiosk.toml").string()},
      store.dir / "daemon-last.log");
  REQUIRE_MESSAGE(store.daemon->wait_for_log("sync: applied coupon-key", 20s), store.daemon->log());
  CHECK(key_id_of(store.coupon(4)) == 3);

  // Key 1 was never replaced: the first coupon still redeems.
  const auto accepted = store.redeem(first, "till-2");
  CHECK_MESSAGE(accepted.value("accepted", false), accepted.dump());
}

TEST_CASE("a coupon key file that differs from the stored key 1 stops the daemon: ids are never reused") {
  Store store;
  store.start();
  store.stop();
  provision_key(store.dir / "keys/coupon.key");  // a new file for an id already in use
  ChildProcess again(program("smartstored"), {"--config", (store.dir / "kiosk.toml").string()},
                     store.dir / "daemon-changed.log");
  CHECK(again.wait(20s) == 1);
  CHECK_MESSAGE(
      again.log().find("differs from the coupon key id 1 this kiosk already holds") != std::string::npos,
      again.log());
}
