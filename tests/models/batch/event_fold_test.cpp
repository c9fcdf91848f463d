// ctest-labels: unit
// What stores sent, folded into the batch on a small hand-made chain
// (event_fold.h): each rule compared with the same batch without events.
#include <doctest/doctest.h>

#include <map>
#include <nlohmann/json.hpp>

#include "models/support/batch_inputs.h"
#include "models/support/snapshot_profiles.h"
#include "smartstore/models/member_key.h"
#include "smartstore/models/profile_batch.h"
#include "smartstore/models/snapshot_format.h"
#include "support/test_paths.h"

using namespace smartstore::models;
using smartstore::testing::read_file;
using smartstore::testing::snapshot_profiles;
using smartstore::testing::TempDir;
using smartstore::testing::write_file;

namespace {

const std::vector<unsigned char> kKey(32, 0x31);
constexpr int kCustomers = 40;
const std::string kHeader =
    "type,member_key,day,store_id,event_id,coupon_id,product_code,category,quantity,value,text\n";

std::string key_of(int i) {
  return member_key(kKey, "C" + std::to_string(i));
}

// Forty buyers at S001 over three days of November 2026 in four categories,
// and C40, a member without purchases.
void write_chain(const std::filesystem::path& dir) {
  write_file(dir / "products.csv",
             "pd_c,pd_nm,clac_mcls_nm,clac_hlv_nm\nP1,Rice,Grain,Food\nP2,Lipstick,Makeup,Beauty\n"
             "P3,Ball,Balls,Sports\nP4,Novel,Fiction,Books\n");
  std::string customers = "cust,ma_fem_dv,ages,zon_hlv\n",
              purchases =
                  "cust,rct_no,chnl_dv,cop_c,br_c,pd_c,de_dt,de_hr,"
                  "buy_am,buy_ct\n";
  int receipt = 0;
  auto line = [&](int c, const char* product, const char* day, int amount) {
    purchases += "C" + std::to_string(c) + ",R" + std::to_string(++receipt) + ",1,A01,S001," + product + "," +
                 day + ",12," + std::to_string(amount) + ",1\n";
  };
  for (int i = 0; i <= kCustomers; ++i)
    customers += "C" + std::to_string(i) + (i % 2 ? ",F," : ",M,") + (i % 3 ? "30s" : "40s") + ",Seoul\n";
  for (int i = 0; i < kCustomers; ++i) {
    const std::string second = "P" + std::to_string(1 + i % 4);
    line(i, "P1", "20261101", 5000 + 100 * i);
    line(i, second.c_str(), "20261110", 8000 + 50 * i);
    if (i % 2 == 0) line(i, "P3", "20261120", 3000);
  }
  write_file(dir / "customers.csv", customers);
  write_file(dir / "purchases.csv", purchases);
}

struct Run {
  BatchResult result;
  std::map<std::string, CustomerProfile> by_key;
  std::filesystem::path out;
};

Run run_batch(const std::filesystem::path& dir, const std::string& name, const std::string& events = "",
              const std::string& erased = "") {
  BatchOptions o = smartstore::testing::demo_batch_inputs(dir, dir / name);
  o.deployment_key = kKey;
  o.threads = 1;
  o.as_of = parse_date("2026-12-01");
  if (!events.empty()) {
    write_file(dir / (name + "-events.csv"), kHeader + events);
    o.inputs.events = (dir / (name + "-events.csv")).string();
  }
  if (!erased.empty()) {
    write_file(dir / (name + "-erased.txt"), erased);
    o.inputs.erased = (dir / (name + "-erased.txt")).string();
  }
  auto r = run_profile_batch(o);
  REQUIRE_MESSAGE(r.has_value(), smartstore::testing::error_text(r));
  Run run{*r, {}, dir / name};
  for (auto& p : snapshot_profiles(*r)) run.by_key[p.member_key] = p;
  return run;
}

const CategoryPreference& pref(const std::vector<CategoryPreference>& prefs, const std::string& category) {
  for (const auto& p : prefs)
    if (p.category == category) return p;
  FAIL("no preference for " << category);
  return prefs.front();
}

}  // namespace

TEST_CASE("a noted sale counts as a purchase unless the till has it; the index moves") {
  TempDir dir;
  write_chain(dir.path());
  const Run before = run_batch(dir.path(), "before");
  const std::string k1 = key_of(1);
  const std::string note = "sold," + k1 + ",2026-11-30,S001,n1,,P3,,2,3000,\n" +  // new: Sports + 2
                           "sold," + k1 + ",2026-11-01,S001,n2,,P1,,1,5000,\n" +  // the till's P1 that day
                           "sold," + k1 +
                           ",2026-11-10,S001,n3,,,Beauty,1,0,\n";  // the till's Beauty that day
  const Run after = run_batch(dir.path(), "after", note);
  const auto& was = before.by_key.at(k1);
  const auto& now = after.by_key.at(k1);
  CHECK(pref(was.preferences, "Sports").count == 0);
  CHECK(pref(now.preferences, "Sports").count == 2);
  CHECK(pref(now.preferences, "Food").count == pref(was.preferences, "Food").count);
  CHECK(pref(now.preferences, "Beauty").count == pref(was.preferences, "Beauty").count);
  CHECK(pref(now.preferences, "Sports").index > pref(was.preferences, "Sports").index);
  CHECK(after.result.store_events.sold_counted == 1);
  CHECK(after.result.store_events.sold_on_till == 2);
  // The till's money stays the till's: a noted sale is a preference, not spend.
  CHECK(now.total_spend_krw == was.total_spend_krw);
  CHECK(now.purchase_days == was.purchase_days);
}

TEST_CASE("considered and shown items raise interest; the purchase index stays as it was") {
  TempDir dir;
  write_chain(dir.path());
  const Run before = run_batch(dir.path(), "before");
  const std::string k1 = key_of(1);  // bought Food and Beauty, never Books
  const Run after = run_batch(dir.path(), "after",
                              "considered," + k1 + ",2026-11-30,S001,n1,,P4,,1,0,\n" + "shown," + k1 +
                                  ",2026-11-30,S001,n1,,,Books,2,0,\n");
  const auto& was = before.by_key.at(k1);
  const auto& now = after.by_key.at(k1);
  CHECK(encode_profile(was).find("interest") == std::string::npos);
  REQUIRE(now.preferences.size() == was.preferences.size());
  for (std::size_t i = 0; i < was.preferences.size(); ++i) {
    CHECK(now.preferences[i].category == was.preferences[i].category);
    CHECK(now.preferences[i].index == was.preferences[i].index);
    CHECK(now.preferences[i].count == was.preferences[i].count);
  }
  REQUIRE_FALSE(now.interest.empty());
  CHECK(pref(now.interest, "Books").count == 3);
  CHECK(pref(now.interest, "Books").index > pref(was.preferences, "Books").index);
  CHECK(now.interest.size() == 1);  // only what staff showed or offered
}

TEST_CASE("deliberation, survey answers and coupons reach the profile") {
  TempDir dir;
  write_chain(dir.path());
  const Run before = run_batch(dir.path(), "before");
  const std::string k5 = key_of(5), k40 = key_of(40);
  REQUIRE(before.by_key.at(k5).behaviour_type != "meticulous");
  const Run after = run_batch(
      dir.path(), "after",
      "deliberation," + k5 + ",2026-11-30,S001,n1,,,,,14,\n" + "deliberation," + k5 +
          ",2026-11-28,S001,n2,,,,,17,\n" + "survey," + k40 + ",2026-11-30,S001,n3,,,Books,,,app\n" +
          "coupon_issued," + k5 + ",2026-11-20,S001,c1,cp1,spring_2000,Food,,2000,Spring 2000\n" +
          "coupon_issued," + k5 + ",2026-11-27,S001,c2,cp2,dip_1000,Books,,1000,Dip day 1000\n" +
          "coupon_redeemed,,2026-11-21,S001,r1,cp1,,,,,\n");
  const auto& p5 = after.by_key.at(k5);
  CHECK(p5.behaviour_type == "meticulous");
  CHECK(p5.deliberation_min == doctest::Approx(15.5));
  CHECK(p5.coupons_issued == 2);
  CHECK(p5.coupons_redeemed == 1);
  CHECK(p5.coupon_redemption_rate == doctest::Approx(0.5));
  CHECK(p5.last_coupon == "Dip day 1000");
  CHECK(p5.last_coupon_date == "2026-11-27");
  CHECK(p5.days_since_coupon == 4);
  const auto& p40 = after.by_key.at(k40);
  CHECK(p40.preferred_channel == "app");
  CHECK(p40.survey_favourite == "Books");
  // Seeded as five purchases, against a model where men of 30 never bought books.
  CHECK(pref(p40.preferences, "Books").index > pref(before.by_key.at(k40).preferences, "Books").index);
  CHECK(pref(p40.preferences, "Books").count == 0);
}

TEST_CASE("an erased member is in no output; events naming nobody change no byte") {
  TempDir dir;
  write_chain(dir.path());
  const Run before = run_batch(dir.path(), "before");
  const std::string k2 = key_of(2);
  REQUIRE(before.by_key.count(k2) == 1);
  const Run erased = run_batch(dir.path(), "erased", "", "# erased at HQ\n" + k2 + "\n");
  CHECK(erased.by_key.count(k2) == 0);
  CHECK(erased.result.customers == before.result.customers - 1);
  CHECK(erased.result.store_events.erased == 1);
  for (const auto& e : std::filesystem::recursive_directory_iterator(erased.out))
    if (e.is_regular_file())  // the report lists keys by their first 16 characters
      CHECK_MESSAGE(read_file(e.path()).find(k2.substr(0, 16)) == std::string::npos, e.path().string());

  const Run unrelated =
      run_batch(dir.path(), "unrelated", "sold," + std::string(64, 'f') + ",2026-11-30,S001,n1,,P3,,1,0,\n");
  CHECK(unrelated.result.store_events.unknown_members == 1);
  REQUIRE(unrelated.result.snapshots.size() == before.result.snapshots.size());
  for (std::size_t s = 0; s < before.result.snapshots.size(); ++s)
    CHECK(read_file(unrelated.result.snapshots[s].dir / chunk_file_name(0)) ==
          read_file(before.result.snapshots[s].dir / chunk_file_name(0)));
}
