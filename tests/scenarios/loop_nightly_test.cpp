// ctest-labels: integration
// The nightly as one command, every part real: stores journal a day and close
// it (S002 does not) -> smartstore-hq ingest -> smartstore-hq nightly runs the
// check, store-events, the erasure list, smartstore-models build and the
// publish over mosquitto -> the kiosk applies the snapshot (without the member
// erased at HQ) and the catalog, whose price its product scan then shows.
// Run again over the same inputs, the nightly builds and sends nothing.
#include <signal.h>

#include <memory>

#include "edge/kiosk/kiosk_rig.h"
#include "smartstore/sync/agent.h"
#include "support/child_process.h"
#include "support/key_files.h"
#include "support/member_numbers.h"
#include "support/skip.h"
#include "sync/sync_fixture.h"

using namespace smartstore;
using namespace smartstore::testing;
using namespace std::chrono_literals;

namespace {

const std::vector<unsigned char> kDeploymentKey(32, 3);
const std::vector<unsigned char> kCouponKey(32, 4);
constexpr int kMembers = 12;
constexpr const char* kGtin = "08801234567893";

std::string number_of(int i) {
  return with_luhn_digit("87100000000" + std::to_string(3000 + i));
}
std::string key_of(int i) {
  return models::member_key(kDeploymentKey, number_of(i));
}

// HQ's exports (purchases of November), the member list and the deployment key.
void write_exports(const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir);
  write_file(dir / "products.csv",
             "pd_c,pd_nm,clac_mcls_nm,clac_hlv_nm\nP1,Rice,Grain,Food\nP2,Ball,Balls,Sports\n");
  std::string customers = "cust,ma_fem_dv,ages,zon_hlv\n", members = "card_no,cust\n";
  std::string purchases = "cust,rct_no,chnl_dv,cop_c,br_c,pd_c,de_dt,de_hr,buy_am,buy_ct\n";
  for (int i = 0; i < kMembers; ++i) {
    const std::string c = "C" + std::to_string(i);
    customers += c + (i % 2 ? ",F,30s,Seoul\n" : ",M,40s,Seoul\n");
    members += number_of(i) + "," + c + "\n";
    for (int d = 0; d < 3; ++d)
      purchases += c + ",R" + std::to_string(i * 10 + d) + ",1,A01," + (i % 2 ? "S001" : "S002") + ",P" +
                   std::to_string(1 + (i + d) % 2) + ",2025110" + std::to_string(1 + 3 * d) + ",12," +
                   std::to_string(4000 + 100 * i) + ",1\n";
  }
  write_file(dir / "customers.csv", customers);
  write_file(dir / "members.csv", members);
  write_file(dir / "purchases.csv", purchases);
  write_hex_key(dir / "deployment.key", kDeploymentKey);
  write_file(dir / "catalog.json", std::string(R"({"items":[{"gtin":")") + kGtin +
                                       R"(","product_code":"P1","name":"Rice","category":"Food",)"
                                       R"("offline_price_krw":5200,"online_price_krw":4900,)"
                                       R"("app_link":"https://shop.example/p/P1"}]})");
}

std::unique_ptr<ChildProcess> hq(const TempDir& dir, const std::string& log, std::vector<std::string> args) {
  return std::make_unique<ChildProcess>(program("smartstore-hq"), args, dir / (log + ".log"));
}

// The nightly runs the batch side's store-events (its contract with smartstore-models build --events).
void skip_without_store_events(const TempDir& tmp) {
  auto help = hq(tmp, "help", {"help"});
  REQUIRE(help->wait(10s) == 0);
  if (help->log().find("store-events") == std::string::npos)
    skip_test("this smartstore-hq has no store-events command to export with");
}

std::vector<std::string> nightly_args(const std::string& db, const std::string& day,
                                      const std::filesystem::path& exports, const std::filesystem::path& work,
                                      const std::string& broker) {
  return {"nightly",
          "--db",
          db,
          "--day",
          day,
          "--exports",
          exports.string(),
          "--work",
          work.string(),
          "--store",
          "S001,S002",
          "--deployment-key",
          (exports / "deployment.key").string(),
          "--models",
          program("smartstore-models").string(),
          "--catalog",
          (exports / "catalog.json").string(),
          "--broker",
          broker};
}

}  // namespace

TEST_CASE("loop: the nightly checks, exports, builds and publishes once; run again it changes nothing") {
  TempDir tmp;
  skip_without_store_events(tmp);
  const auto exports = tmp / "exports", work = tmp / "work";
  write_exports(exports);
  MosquittoBroker broker(tmp / "broker");
  const std::string db = (tmp / "hq.db").string();
  auto ingest =
      hq(tmp, "ingest", {"ingest", "--broker", broker.uri(), "--db", db, "--client-id", "hq-nightly"});
  REQUIRE(ingest->wait_for_log("ingest: subscribed", 15s));
  KioskRig rig(kDeploymentKey, kCouponKey, edge::Clock::now());
  sync::StoreAgent agent(agent_options(broker.uri(), tmp / "staging"), rig.store.outbox(),
                         rig.store.downlink());
  agent.start();
  REQUIRE(wait_until([&] { return agent.stats().connected; }, 10s));

  // The day at S001: a member scanned; the day closed. S002 never closes.
  (void)rig.kiosk.on_scan(number_of(1), edge::Clock::now());
  REQUIRE(wait_until([&] { return rig.store.outbox().depth() == 0; }, 20s));
  const std::string day = today_utc();
  agent.close_day(day);
  REQUIRE(wait_until([&] { return hq_count(db, "SELECT COUNT(*) FROM day_closes") > 0; }, 10s));
  // A member asked HQ to be forgotten.
  REQUIRE(hq(tmp, "erase", {"erase", "--db", db, "--member", key_of(3)})->wait(15s) == 0);

  const auto nightly = nightly_args(db, day, exports, work, broker.uri());
  auto first = hq(tmp, "nightly-1", nightly);
  REQUIRE(first->wait(180s) == 0);
  const std::string log1 = first->log();
  INFO(log1);
  CHECK(log1.find("not closed: S002") != std::string::npos);
  CHECK(log1.find("1 members left out of the batch") != std::string::npos);
  CHECK(log1.find("batch: built") != std::string::npos);
  CHECK(log1.find("snapshots: 2 sent") != std::string::npos);
  CHECK(log1.find("catalog: sent") != std::string::npos);

  // The kiosk runs the new snapshot: the batch's members, not the erased one.
  REQUIRE(wait_until([&] { return rig.store.downlink().snapshot_version() > 0; }, 30s));
  const auto version = rig.store.downlink().snapshot_version();
  CHECK(rig.store.profiles().find(key_of(1)));
  CHECK_FALSE(rig.store.profiles().find(key_of(3)));
  // ... and the catalog: the product scan shows HQ's online price.
  REQUIRE(wait_until([&] { return rig.kiosk.product(kGtin).has_value(); }, 10s));
  CHECK(rig.kiosk.product(kGtin)->online_price_krw == 4900);
  CHECK(rig.kiosk.product(kGtin)->offline_price_krw == 5200);
  // The store confirms the erasure the nightly sent it; HQ hears the snapshot applied.
  REQUIRE(wait_until(
      [&] {
        return hq_count(db, "SELECT COUNT(*) FROM events WHERE type='erasure_done' AND store_id='S001'") == 1;
      },
      15s));
  REQUIRE(wait_until([&] { return hq_count(db, "SELECT MAX(version) FROM snapshot_acks") == version; }, 15s));

  const auto state = read_file(work / "nightly-state.json");
  auto second = hq(tmp, "nightly-2", nightly);
  REQUIRE(second->wait(120s) == 0);
  const std::string log2 = second->log();
  INFO(log2);
  CHECK(log2.find("inputs unchanged, not rebuilt") != std::string::npos);
  CHECK(log2.find("snapshots: 0 sent, 2 already sent") != std::string::npos);
  CHECK(log2.find("catalog: unchanged") != std::string::npos);
  CHECK(log2.find("campaigns: unchanged") != std::string::npos);
  CHECK(read_file(work / "nightly-state.json") == state);
  std::this_thread::sleep_for(1s);
  CHECK(rig.store.downlink().snapshot_version() == version);
  CHECK(hq_count(db, "SELECT COUNT(*) FROM events WHERE type='erasure_done' AND store_id='S001'") == 1);
  // The closed day's version; one above when the stores sent more while the
  // till's data stood still (kiosks apply only newer versions).
  CHECK(version == std::stoll(day.substr(0, 4) + day.substr(5, 2) + day.substr(8, 2)) * 10000 + 2359);
  (void)rig.kiosk.on_scan(number_of(2), edge::Clock::now());
  REQUIRE(wait_until([&] { return rig.store.outbox().depth() == 0; }, 20s));
  auto third = hq(tmp, "nightly-3", nightly);
  REQUIRE(third->wait(180s) == 0);
  INFO(third->log());
  CHECK(third->log().find("batch: built") != std::string::npos);
  CHECK(third->log().find("snapshots: 2 sent") != std::string::npos);
  CHECK(wait_until([&] { return rig.store.downlink().snapshot_version() == version + 1; }, 30s));

  agent.stop();
  ingest->signal(SIGTERM);
  CHECK(ingest->wait(10s) == 0);
}
