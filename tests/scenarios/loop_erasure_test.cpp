// ctest-labels: integration
// The erasure arrows of the loop, every part real: staff at store S001 confirm
// "forget this member" on the tablet's API -> the kiosk erases and journals
// member_erase_requested -> S001's agent sends it over mosquitto ->
// smartstore-hq ingest lists the member -> S002's agent applies the erasure HQ
// sends it -> smartstore-hq erasures writes the batch's --erased file. And
// from HQ: smartstore-hq erase -> both stores erase and confirm. A consent
// withdrawal staff confirm at S001 travels the same arrows into HQ's
// consent_withdrawals, S002's list and the batch's --withdrawn file.
#include <signal.h>

#include <memory>

#include "edge/http/router_rig.h"
#include "edge/kiosk/kiosk_rig.h"
#include "smartstore/sync/agent.h"
#include "support/child_process.h"
#include "support/member_numbers.h"
#include "sync/sync_fixture.h"

using namespace smartstore;
using namespace smartstore::testing;
using namespace std::chrono_literals;

namespace {

const std::vector<unsigned char> kDeploymentKey(32, 0x42);  // RouterRig's kiosk

std::string number_of(int i) {
  return with_luhn_digit("80010020030" + std::to_string(1000 + i));
}
std::string key_of(int i) {
  return models::member_key(kDeploymentKey, number_of(i));
}

std::unique_ptr<ChildProcess> hq(const TempDir& tmp, const std::string& command,
                                 std::vector<std::string> args) {
  args.insert(args.begin(), command);
  return std::make_unique<ChildProcess>(program("smartstore-hq"), args, tmp / (command + ".log"));
}

// Two stores that hold the same members, each with its agent, and HQ's ingest.
struct Chain {
  TempDir tmp;
  MosquittoBroker broker{tmp / "broker"};
  std::string db = (tmp / "hq.db").string();
  std::unique_ptr<ChildProcess> ingest =
      hq(tmp, "ingest", {"--broker", broker.uri(), "--db", db, "--client-id", "hq-loop"});
  RouterRig s1;  // S001, with the tablet's API
  edge::store::KioskStore s2{tmp / "s2.db", edge::store::StoreOptions{.store_id = "S002"}};
  std::unique_ptr<sync::StoreAgent> a1, a2;

  Chain() {
    REQUIRE(ingest->wait_for_log("ingest: subscribed", 15s));
    std::vector<models::CustomerProfile> profiles;
    for (int i = 0; i < 5; ++i) profiles.push_back(star_profile(kDeploymentKey, number_of(i)));
    REQUIRE(s1.store.profiles().load(profiles));
    REQUIRE(s2.profiles().load(profiles));
    a1 = std::make_unique<sync::StoreAgent>(agent_options(broker.uri(), tmp / "st1", "S001"),
                                            s1.store.outbox(), s1.store.downlink());
    a2 = std::make_unique<sync::StoreAgent>(agent_options(broker.uri(), tmp / "st2", "S002"), s2.outbox(),
                                            s2.downlink());
    a1->start();
    a2->start();
    REQUIRE(wait_until([&] { return a1->stats().connected && a2->stats().connected; }, 10s));
    // Each store has been heard from: HQ knows where to send erasures.
    a1->close_day(today_utc());
    a2->close_day(today_utc());
    REQUIRE(wait_until([&] { return hq_count(db, "SELECT COUNT(*) FROM stores") == 2; }, 10s));
  }
  ~Chain() {
    a1->stop();
    a2->stop();
    ingest->signal(SIGTERM);
    ingest->wait(10s);
  }
  std::string erased_file() {
    auto out = hq(tmp, "erasures", {"--db", db, "--out", (tmp / "erased.txt").string()});
    REQUIRE(out->wait(15s) == 0);
    return read_file(tmp / "erased.txt");
  }
};

}  // namespace

TEST_CASE("loop: erased at a store -> HQ's erasure list -> erased at the other store") {
  Chain c;
  const auto lee = c.s1.session("lee", "482913");
  REQUIRE_FALSE(lee.empty());
  auto r = c.s1.call("POST", "/api/v1/customers/" + number_of(2) + "/erasure", lee, R"({"confirm":true})");
  REQUIRE(r.status == 200);
  CHECK_FALSE(c.s1.store.profiles().find(key_of(2)));
  REQUIRE(wait_until(
      [&] {
        return hq_count(c.db, "SELECT COUNT(*) FROM erasures WHERE member_key='" + key_of(2) + "'") == 1;
      },
      15s));
  REQUIRE(wait_until([&] { return !c.s2.profiles().find(key_of(2)); }, 15s));
  CHECK(c.s2.profiles().find(key_of(1)));
  CHECK(c.s2.profiles().count() == 4);
  // S002 confirms; S001's own request is its confirmation.
  CHECK(wait_until(
      [&] {
        return hq_count(c.db, "SELECT COUNT(*) FROM events WHERE type='erasure_done' AND store_id='S002'") ==
               1;
      },
      10s));
  const auto erased = c.erased_file();
  CHECK(erased.find(key_of(2) + "\n") != std::string::npos);
  CHECK(erased.find(key_of(1)) == std::string::npos);
}

TEST_CASE("loop: erased at HQ -> every store erases and confirms") {
  Chain c;
  auto erase = hq(c.tmp, "erase", {"--db", c.db, "--member", key_of(3), "--broker", c.broker.uri()});
  REQUIRE(erase->wait(15s) == 0);
  CHECK(erase->log().find("sent to 2 stores") != std::string::npos);
  REQUIRE(wait_until(
      [&] { return !c.s1.store.profiles().find(key_of(3)) && !c.s2.profiles().find(key_of(3)); }, 15s));
  CHECK(c.s1.store.profiles().count() == 4);
  CHECK(wait_until(
      [&] {
        return hq_count(c.db, "SELECT COUNT(DISTINCT store_id) FROM events WHERE type='erasure_done'") == 2;
      },
      10s));
  CHECK(c.erased_file().find(key_of(3) + "\n") != std::string::npos);
  auto bad = hq(c.tmp, "erase", {"--db", c.db, "--member", number_of(3)});
  CHECK(bad->wait(15s) == 2);  // a membership number is not a key: refused, nothing listed
  CHECK(hq_count(c.db, "SELECT COUNT(*) FROM erasures") == 1);
}

TEST_CASE("loop: consent withdrawn at a store -> HQ's consent list -> withdrawn at the other store") {
  Chain c;
  const auto lee = c.s1.session("lee", "482913");
  auto r = c.s1.call("POST", "/api/v1/customers/" + number_of(4) + "/consent-withdrawal", lee,
                     R"({"confirm":true})");
  REQUIRE(r.status == 200);
  CHECK(c.s1.store.downlink().consent_withdrawn(key_of(4)));  // here at once
  REQUIRE(wait_until(
      [&] {
        return hq_count(c.db, "SELECT COUNT(*) FROM consent_withdrawals WHERE member_key='" + key_of(4) +
                                  "' AND origin='S001'") == 1;
      },
      15s));
  REQUIRE(wait_until([&] { return c.s2.downlink().consent_withdrawn(key_of(4)); }, 15s));
  CHECK_FALSE(c.s2.downlink().consent_withdrawn(key_of(1)));
  CHECK(c.s2.profiles().find(key_of(4)));  // still a member: only the marketing stops
  auto out = hq(c.tmp, "withdrawals", {"--db", c.db, "--out", (c.tmp / "withdrawn.txt").string()});
  REQUIRE(out->wait(15s) == 0);
  const auto withdrawn = read_file(c.tmp / "withdrawn.txt");
  CHECK(withdrawn.find(key_of(4) + "\n") != std::string::npos);
  CHECK(withdrawn.find(key_of(1)) == std::string::npos);
}
