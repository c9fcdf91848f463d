#pragma once
// The loop's batch side as the loop_* scenarios run it, every arrow real: a
// kiosk journals staff notes and coupons -> the store agent syncs them over
// mosquitto -> smartstore-hq ingest stores them -> smartstore-hq store-events
// exports them -> smartstore-models build --events [--erased] -> snapshots.
// The chain: forty card members at S001 buying in four categories over three
// November days, keyed by card number through the member list.
#include <signal.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "edge/kiosk/kiosk_rig.h"
#include "smartstore/models/snapshot_format.h"
#include "smartstore/sync/agent.h"
#include "support/child_process.h"
#include "support/key_files.h"
#include "support/member_numbers.h"
#include "sync/sync_fixture.h"

namespace smartstore::testing::loop {

using namespace std::chrono_literals;

inline const std::vector<unsigned char> kDeploymentKey(32, 5);
inline const std::vector<unsigned char> kCouponKey(32, 6);
inline const edge::Clock::time_point kDay1 =
    edge::Clock::time_point(std::chrono::seconds(1'764'590'400));  // 2025-12-01 12:00 UTC
constexpr int kMembers = 40;

inline std::string number_of(int i) {
  return with_luhn_digit("87100000000" + std::to_string(2000 + i));
}

inline std::string key_of(int i) {
  return models::member_key(kDeploymentKey, number_of(i));
}

// The purchase data and member list the batch reads, and the deployment key.
inline void write_chain(const std::filesystem::path& dir) {
  write_file(dir / "products.csv",
             "pd_c,pd_nm,clac_mcls_nm,clac_hlv_nm\nP1,Rice,Grain,Food\nP2,Lipstick,Makeup,Beauty\n"
             "P3,Ball,Balls,Sports\nP4,Novel,Fiction,Books\n");
  std::string customers = "cust,ma_fem_dv,ages,zon_hlv\n", members = "card_no,cust\n";
  std::string purchases = "cust,rct_no,chnl_dv,cop_c,br_c,pd_c,de_dt,de_hr,buy_am,buy_ct\n";
  int receipt = 0;
  auto line = [&](int c, const std::string& product, const char* day, int amount) {
    purchases += "C" + std::to_string(c) + ",R" + std::to_string(++receipt) + ",1,A01,S001," + product + "," +
                 day + ",12," + std::to_string(amount) + ",1\n";
  };
  for (int i = 0; i < kMembers; ++i) {
    customers += "C" + std::to_string(i) + (i % 2 ? ",F," : ",M,") + (i % 3 ? "30s" : "40s") + ",Seoul\n";
    members += number_of(i) + ",C" + std::to_string(i) + "\n";
    line(i, "P1", "20251101", 5000 + 100 * i);
    line(i, "P" + std::to_string(1 + i % 4), "20251110", 8000 + 50 * i);
    if (i % 2 == 0) line(i, "P3", "20251120", 3000);
  }
  write_file(dir / "customers.csv", customers);
  write_file(dir / "members.csv", members);
  write_file(dir / "purchases.csv", purchases);
  write_hex_key(dir / "deployment.key", kDeploymentKey);
}

// smartstore-hq COMMAND ARGS..., its output in <dir>/<command>.log.
inline std::unique_ptr<ChildProcess> hq(const std::filesystem::path& dir, const std::string& command,
                                        std::vector<std::string> args) {
  args.insert(args.begin(), command);
  return std::make_unique<ChildProcess>(program("smartstore-hq"), args, dir / (command + ".log"));
}

// One store day: HQ's ingest running, the kiosk's agent connected; `work`
// does the kiosk's part; returns once ingest has everything the kiosk journalled.
template <class Work>
void store_day(const std::filesystem::path& dir, Work work) {
  MosquittoBroker broker(dir / "broker");
  auto ingest = hq(dir, "ingest",
                   {"--broker", broker.uri(), "--db", (dir / "hq.db").string(), "--client-id", "hq-loop"});
  REQUIRE(ingest->wait_for_log("ingest: subscribed", 15s));
  KioskRig rig(kDeploymentKey, kCouponKey, kDay1);
  std::vector<models::CustomerProfile> profiles;
  for (int i = 0; i < kMembers; ++i) profiles.push_back(star_profile(kDeploymentKey, number_of(i)));
  REQUIRE(rig.store.profiles().load(profiles));
  sync::StoreAgent agent(agent_options(broker.uri(), dir / "staging"), rig.store.outbox(),
                         rig.store.downlink());
  agent.start();
  REQUIRE(wait_until([&] { return agent.stats().connected; }, 10s));
  work(rig);
  REQUIRE(wait_until([&] { return rig.store.outbox().depth() == 0; }, 20s));
  agent.stop();
  ingest->signal(SIGTERM);
  REQUIRE(ingest->wait(10s) == 0);
}

// smartstore-hq store-events from HQ's database into <dir>/store-events.csv.
inline std::filesystem::path export_events(const std::filesystem::path& dir) {
  auto exported = hq(dir, "store-events",
                     {"--db", (dir / "hq.db").string(), "--out", (dir / "store-events.csv").string()});
  REQUIRE(exported->wait(15s) == 0);
  return dir / "store-events.csv";
}

struct BatchRun {
  std::filesystem::path out;
  std::map<std::string, models::CustomerProfile> by_key;
  std::string log;
};

// smartstore-models build over the chain into <dir>/<name>, with `extra` flags.
inline BatchRun run_batch(const std::filesystem::path& dir, const std::string& name,
                          const std::vector<std::string>& extra) {
  std::vector<std::string> args = {"build",
                                   "--customers",
                                   (dir / "customers.csv").string(),
                                   "--purchases",
                                   (dir / "purchases.csv").string(),
                                   "--products",
                                   (dir / "products.csv").string(),
                                   "--members",
                                   (dir / "members.csv").string(),
                                   "--deployment-key",
                                   (dir / "deployment.key").string(),
                                   "--as-of",
                                   "2025-12-01",
                                   "--threads",
                                   "1",
                                   "--out",
                                   (dir / name).string()};
  args.insert(args.end(), extra.begin(), extra.end());
  ChildProcess batch(program("smartstore-models"), args, dir / (name + ".log"));
  const int rc = batch.wait(120s);
  BatchRun run{dir / name, {}, batch.log()};
  INFO(run.log);
  REQUIRE(rc == 0);
  const auto snapshot = dir / name / "snapshots" / "S001";
  const auto verified = models::verify_snapshot_dir(snapshot);
  REQUIRE(verified.has_value());
  for (const auto& chunk : verified->chunks) {
    auto profiles = models::decode_chunk(read_file(snapshot / models::chunk_file_name(chunk.index)));
    REQUIRE(profiles.has_value());
    for (auto& p : *profiles) run.by_key[p.member_key] = p;
  }
  return run;
}

inline const models::CategoryPreference& preference(const models::CustomerProfile& p,
                                                    const std::string& category) {
  for (const auto& c : p.preferences)
    if (c.category == category) return c;
  FAIL("no preference for " << category);
  return p.preferences.front();
}

}  // namespace smartstore::testing::loop
