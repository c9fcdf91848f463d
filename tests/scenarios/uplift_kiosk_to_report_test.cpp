// ctest-labels: integration
// From kiosk scans to the uplift report, every arrow real: HQ publishes a
// campaign with a control share (smartstore-hq campaign) -> the store agent
// applies it over mosquitto -> the kiosk scans members, holding some out ->
// the agent syncs the events up -> smartstore-hq ingest stores them ->
// smartstore-hq exposures exports them -> smartstore-models uplift --json.
// The groups the report counts must be the ones HQ's own draw puts members
// in, with the spend planted for exactly those members.
#include <signal.h>

#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>

#include "edge/kiosk/kiosk_rig.h"
#include "smartstore/common/civil_date.h"
#include "smartstore/common/holdout.h"
#include "smartstore/sync/agent.h"
#include "support/child_process.h"
#include "support/key_files.h"
#include "support/member_numbers.h"
#include "sync/sync_fixture.h"

using namespace smartstore;
using namespace smartstore::testing;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

const std::vector<unsigned char> kDeploymentKey(32, 7);
const std::vector<unsigned char> kCouponKey(32, 9);
const edge::Clock::time_point kNow =
    edge::Clock::time_point(std::chrono::seconds(1'717'200'000));  // 2024-06-01
constexpr int kMembers = 60;
constexpr int kControlBp = 3000;
constexpr double kPlantedKrw = 3000;  // what a treated member spends more in the window

std::string number_of(int i) {
  return with_luhn_digit("87100000000" + std::to_string(1000 + i));
}

// The rows of exposures.csv, split on commas (the test's ids need no quoting).
std::vector<std::vector<std::string>> csv_rows(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    std::vector<std::string> cells;
    std::istringstream l(line);
    for (std::string c; std::getline(l, c, ',');) cells.push_back(c);
    if (!line.empty() && line.back() == ',') cells.emplace_back();
    rows.push_back(cells);
  }
  return rows;
}

// What member i spends in the pre-period and in the window (treated members
// kPlantedKrw more), as L.Point purchase lines dated around the exposure day.
std::string purchases_csv(DayNumber exposed, const std::map<std::string, bool>& treated_by_key) {
  std::string out = "cust,rct_no,chnl_dv,cop_c,br_c,pd_c,de_dt,de_hr,buy_am,buy_ct\n";
  int receipt = 0;
  const auto line = [&](const std::string& cust, DayNumber d, double amount) {
    out += cust + ",R" + std::to_string(++receipt) + ",1,A01,S001,P1," + format_date(d) + ",12," +
           std::to_string(static_cast<long long>(amount)) + ",1\n";
  };
  for (int i = 0; i < kMembers; ++i) {
    const bool treated = treated_by_key.at(models::member_key(kDeploymentKey, number_of(i)));
    line("C" + std::to_string(i), exposed - 30, 5000 + 37 * i);
    line("C" + std::to_string(i), exposed + 2, 8000 + 53 * i + (treated ? kPlantedKrw : 0));
  }
  line("C-not-a-member", exposed + 20, 1000);  // the data run past every window
  return out;
}

const json& campaign_row(const json& report, const std::string& campaign) {
  for (const auto& c : report.at("cells"))
    if (c.at("campaign") == campaign && c.at("offer") == "*" && c.at("segment") == "*") return c;
  FAIL("no report row for campaign " << campaign);
  return report;
}

// smartstore-hq COMMAND ARGS..., its output in <tmp>/<command>.log.
std::unique_ptr<ChildProcess> hq(const TempDir& tmp, const std::string& command,
                                 std::vector<std::string> args) {
  args.insert(args.begin(), command);
  return std::make_unique<ChildProcess>(program("smartstore-hq"), args, tmp / (command + ".log"));
}

struct StoreDay {
  std::map<std::string, bool> treated_by_key;  // by HQ's own draw
  int treated = 0, control = 0, redeemed = 0;
  std::int64_t held_at_hq = 0;  // held_out events ingest stored
};

// Every member scanned once, a quarter of the treated coupons redeemed at the
// till, then a third of the members scanned again two days later.
void scan_members(KioskRig& rig, StoreDay& day) {
  auto hq_draw = HoldoutAssigner::create(derive_holdout_key(kDeploymentKey));
  REQUIRE(hq_draw);
  for (int i = 0; i < kMembers; ++i) {
    const auto out = rig.kiosk.on_scan(number_of(i), kNow);
    REQUIRE(out.coupon);
    const auto group = hq_draw->group(out.member_key, "spring", kControlBp);
    REQUIRE(group);
    const bool treated = *group == HoldoutGroup::treated;
    day.treated_by_key[out.member_key] = treated;
    (treated ? day.treated : day.control) += 1;
    if (treated && i % 4 == 0) {
      REQUIRE(rig.kiosk.redeem(out.coupon->code, "till-1", kNow + 1h).accepted);
      ++day.redeemed;
    }
  }
  // Rescans come after every redemption: the kiosk's clock floor refuses a
  // redemption timed before a scan it has already seen.
  for (int i = 0; i < kMembers; i += 3) (void)rig.kiosk.on_scan(number_of(i), kNow + 48h);
  REQUIRE(day.treated > 0);
  REQUIRE(day.control > 0);
}

// HQ -> kiosk (the campaign and its control share), the scans, kiosk -> HQ.
StoreDay run_store_day(const TempDir& tmp) {
  MosquittoBroker broker(tmp / "broker");
  const std::string db = (tmp / "hq.db").string();
  auto ingest = hq(tmp, "ingest", {"--broker", broker.uri(), "--db", db, "--client-id", "hq-uplift"});
  REQUIRE(ingest->wait_for_log("ingest: subscribed", 15s));
  KioskRig rig(kDeploymentKey, kCouponKey, kNow);
  std::vector<models::CustomerProfile> profiles;
  for (int i = 0; i < kMembers; ++i) profiles.push_back(star_profile(kDeploymentKey, number_of(i)));
  REQUIRE(rig.store.profiles().load(profiles));
  sync::StoreAgent agent(agent_options(broker.uri(), tmp / "staging"), rig.store.outbox(),
                         rig.store.downlink());
  agent.start();
  REQUIRE(wait_until([&] { return agent.stats().connected; }, 10s));

  write_file(tmp / "campaigns.json",
             R"([{"id":"spring","offer_id":"spring_2000","offer_number":1001,"discount_krw":2000,)"
             R"("starts":"2024-01-01","ends":"2024-12-31","control_bp":)" +
                 std::to_string(kControlBp) + "}]");
  auto campaign =
      hq(tmp, "campaign", {"--broker", broker.uri(), "--store", "S001", (tmp / "campaigns.json").string()});
  REQUIRE(campaign->wait(15s) == 0);
  REQUIRE(wait_until(
      [&] { return rig.store.with_session([](auto& s) { return s.journal().campaigns().size() == 1; }); },
      10s));

  StoreDay day;
  scan_members(rig, day);
  // Everything the kiosk journalled is acknowledged by ingest.
  REQUIRE(wait_until([&] { return rig.store.outbox().depth() == 0; }, 20s));
  agent.stop();
  ingest->signal(SIGTERM);
  REQUIRE(ingest->wait(10s) == 0);
  day.held_at_hq = hq_count(tmp / "hq.db", "SELECT COUNT(*) FROM events WHERE type='held_out'");
  return day;
}

// HQ's events -> exposures.csv, every row in the group HQ's draw gives.
std::vector<std::vector<std::string>> exported_rows(const TempDir& tmp, const StoreDay& day) {
  auto exported =
      hq(tmp, "exposures", {"--db", (tmp / "hq.db").string(), "--out", (tmp / "exposures.csv").string()});
  REQUIRE(exported->wait(15s) == 0);
  const auto rows = csv_rows(read_file(tmp / "exposures.csv"));
  REQUIRE(rows.size() > static_cast<std::size_t>(kMembers));
  CHECK(rows[0][0] == "member_key");
  std::set<std::string> exposed;
  std::int64_t held_rows = 0;
  for (std::size_t r = 1; r < rows.size(); ++r) {
    REQUIRE(rows[r].size() == 8);
    INFO("row " << r << ": " << rows[r][0] << " " << rows[r][3]);
    CHECK(rows[r][1] == "spring");
    REQUIRE(day.treated_by_key.count(rows[r][0]) == 1);
    CHECK(rows[r][3] == (day.treated_by_key.at(rows[r][0]) ? "coupon_issued" : "held_out"));
    held_rows += rows[r][3] == "held_out" ? 1 : 0;
    exposed.insert(rows[r][0]);
  }
  CHECK(exposed.size() == static_cast<std::size_t>(kMembers));
  CHECK(held_rows >= day.control);
  CHECK(held_rows == day.held_at_hq);
  return rows;
}

// The batch's purchase files and card list, then smartstore-models uplift --json.
json uplift_report(const TempDir& tmp, DayNumber exposed, const StoreDay& day) {
  std::string members = "card_no,cust\n";
  for (int i = 0; i < kMembers; ++i) members += number_of(i) + ",C" + std::to_string(i) + "\n";
  write_file(tmp / "members.csv", members);
  write_file(tmp / "purchases.csv", purchases_csv(exposed, day.treated_by_key));
  write_hex_key(tmp / "deployment.key", kDeploymentKey);
  ChildProcess report(program("smartstore-models"),
                      {"uplift", "--exposures", (tmp / "exposures.csv").string(), "--purchases",
                       (tmp / "purchases.csv").string(), "--members", (tmp / "members.csv").string(),
                       "--deployment-key", (tmp / "deployment.key").string(), "--json"},
                      tmp / "report.log");
  REQUIRE(report.wait(30s) == 0);
  const std::string log = report.log();
  auto j = json::parse(log.substr(std::min(log.find('{'), log.size())), nullptr, false);
  REQUIRE_FALSE(j.is_discarded());
  return j;
}

}  // namespace

TEST_CASE("uplift_kiosk_scans_through_sync_and_hq_export_to_the_report") {
  TempDir tmp;
  const StoreDay day = run_store_day(tmp);
  const auto rows = exported_rows(tmp, day);
  const auto exposed_day = parse_date(rows[1][4]);
  REQUIRE(exposed_day);
  const json j = uplift_report(tmp, *exposed_day, day);
  CHECK(j.at("exposures").get<std::size_t>() == rows.size() - 1);
  CHECK(j.at("first_exposures") == kMembers);  // repeat scans count once
  CHECK(j.at("censored") == 0);
  const json& row = campaign_row(j, "spring");
  CHECK(row.at("treated_members") == day.treated);
  CHECK(row.at("control_members") == day.control);
  REQUIRE(row.contains("treated"));
  CHECK(row.at("treated").at("redeemed") == day.redeemed);
  CHECK(row.at("discount_cost_krw").get<double>() == doctest::Approx(2000.0 * day.redeemed));

  // The means are the spend planted for exactly the members HQ's draw puts in
  // each group: a member in the wrong group moves them.
  double sum_t = 0, sum_c = 0, pre_t = 0, pre_c = 0;
  for (int i = 0; i < kMembers; ++i) {
    const bool t = day.treated_by_key.at(models::member_key(kDeploymentKey, number_of(i)));
    (t ? sum_t : sum_c) += 8000 + 53 * i + (t ? kPlantedKrw : 0);
    (t ? pre_t : pre_c) += 5000 + 37 * i;
  }
  CHECK(row.at("treated").at("mean_spend_krw").get<double>() == doctest::Approx(sum_t / day.treated));
  CHECK(row.at("control").at("mean_spend_krw").get<double>() == doctest::Approx(sum_c / day.control));
  CHECK(row.at("treated").at("mean_pre_spend_krw").get<double>() == doctest::Approx(pre_t / day.treated));
  CHECK(row.at("control").at("mean_pre_spend_krw").get<double>() == doctest::Approx(pre_c / day.control));
  CHECK(row.at("raw").at("uplift_krw").at("estimate").get<double>() ==
        doctest::Approx(sum_t / day.treated - sum_c / day.control));
}
