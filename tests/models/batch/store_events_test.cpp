// ctest-labels: unit
// The store-events CSV and erased members' list as the batch reads them, and
// the folding rules that stand alone: the behaviour rule and coupon features
// (store_events.h).
#include <doctest/doctest.h>

#include "smartstore/models/store_events.h"
#include "support/test_paths.h"

using namespace smartstore::models;
using smartstore::parse_date;
using smartstore::testing::TempDir;
using smartstore::testing::write_file;

namespace {
const std::string kHeader =
    "type,member_key,day,store_id,event_id,coupon_id,product_code,category,quantity,value,text\n";
const std::string kA(64, 'a'), kB(64, 'b');
}  // namespace

TEST_CASE("rows group by member: items, deliberation, survey, coupons joined to their issue") {
  TempDir dir;
  write_file(
      dir / "events.csv",
      kHeader + "sold," + kA + ",2026-12-01,S001,e1,,P2,,2,15000,\n" + "considered," + kA +
          ",2026-12-01,S001,e1,,,Beauty,1,0,\n" + "shown," + kA + ",2026-12-01,S001,e1,,P3,,1,0,\n" +
          "deliberation," + kA + ",2026-12-01,S001,e1,,,,,12.5,\n" + "deliberation," + kA +
          ",2026-12-02,S001,e2,,,,,7.5,\n" + "survey," + kB + ",2026-12-01,S001,e3,,,Food,,,app\n" +
          "coupon_issued," + kA + ",2026-11-20,S001,e4,c1,spring_2000,Beauty,,2000,\"Spring, 2,000 off\"\n" +
          "coupon_issued," + kA + ",2026-11-25,S001,e5,c2,dip_10,Food,,1000,Dip day\n" + "coupon_issued," +
          kA + ",2026-11-25,S002,e5,c2,dip_10,Food,,1000,Dip day\n" +  // resent: once
          "coupon_redeemed,,2026-11-26,S001,e6,c1,,,,,\n" + "coupon_redeemed," + kA +
          ",2026-11-26,S001,e7,c9,,,,,\n");
  const auto read = read_store_events(dir / "events.csv");
  REQUIRE_MESSAGE(read.has_value(), (read ? "" : read.error().message()));
  CHECK(read->rows == 11);
  const MemberEvents& a = read->members.at(kA);
  REQUIRE(a.sold.size() == 1);
  CHECK(a.sold[0].product_code == "P2");
  CHECK(a.sold[0].quantity == 2);
  CHECK(a.sold[0].day == *parse_date("2026-12-01"));
  CHECK(a.considered.size() == 1);
  CHECK(a.shown.size() == 1);
  CHECK(a.deliberation_notes == 2);
  CHECK(a.deliberation_total_min == doctest::Approx(20.0));
  CHECK(a.coupons_issued == 2);
  CHECK(a.coupons_redeemed == 1);  // c1 by its issue; c9 was never issued
  CHECK(read->redemptions_unmatched == 1);
  CHECK(a.last_coupon == "Dip day");
  const MemberEvents& b = read->members.at(kB);
  CHECK(b.survey_favourite == "Food");
  CHECK(b.preferred_channel == "app");

  const CouponFeatures c = coupon_features(a, *parse_date("2026-12-01"));
  CHECK(c.redemption_rate == doctest::Approx(0.5));
  CHECK(c.last_coupon_date == "2026-11-25");
  CHECK(c.days_since == 6);
  CHECK(coupon_features(a, *parse_date("2026-11-01")).days_since == 0);  // never negative
  CHECK(coupon_features(b, 0).days_since == -1);
}

TEST_CASE("a bad row is refused naming file, line and column") {
  TempDir dir;
  struct Case {
    std::string row, column;
  };
  for (const Case& bad : {Case{"sold,ABC,2026-12-01,S001,e1,,P1,,1,0,\n", "member_key"},
                          Case{"sold," + kA + ",yesterday,S001,e1,,P1,,1,0,\n", "day"},
                          Case{"sold," + kA + ",2026-12-01,S001,e1,,,,1,0,\n", "product_code"},
                          Case{"sold," + kA + ",2026-12-01,S001,e1,,P1,,0,0,\n", "quantity"},
                          Case{"deliberation," + kA + ",2026-12-01,S001,e1,,,,,-3,\n", "value"},
                          Case{"refund," + kA + ",2026-12-01,S001,e1,,,,,,\n", "type"}}) {
    write_file(dir / "events.csv", kHeader + bad.row);
    const auto read = read_store_events(dir / "events.csv");
    REQUIRE_FALSE(read.has_value());
    INFO(read.error().message());
    CHECK(read.error().message().find("events.csv:2") != std::string::npos);
    CHECK(read.error().message().find(bad.column) != std::string::npos);
  }
  CHECK(read_store_events(dir / "missing.csv").error().kind() == smartstore::ErrorKind::not_found);
}

TEST_CASE("the erased list: keys one a line, comments and blanks ignored, anything else refused") {
  TempDir dir;
  write_file(dir / "erased.txt", "# erased at HQ\n" + kA + "\n\n" + kB + "  # store S001\n");
  const auto erased = read_member_list(dir / "erased.txt");
  REQUIRE(erased.has_value());
  CHECK(erased->size() == 2);
  CHECK(erased->count(kB) == 1);
  write_file(dir / "erased.txt", kA + "\n87100000000123\n");
  const auto bad = read_member_list(dir / "erased.txt");
  REQUIRE_FALSE(bad.has_value());
  CHECK(bad.error().message().find("erased.txt:2") != std::string::npos);
}

TEST_CASE("staff-timed deliberation and the online type combine by the documented rule") {
  using B = BehaviourType;
  CHECK(combined_behaviour(B::mania, std::nullopt) == B::mania);  // no observation: online stands
  CHECK(combined_behaviour(B::easygoing, 10.0) == B::meticulous);
  CHECK(combined_behaviour(B::mania, 25.0) == B::meticulous);
  CHECK(combined_behaviour(B::meticulous, 2.0) == B::easygoing);
  CHECK(combined_behaviour(B::mania, 2.0) == B::mania);  // quick is not meticulous, and mania is not
  CHECK(combined_behaviour(B::meticulous, 5.0) == B::meticulous);
  CHECK(combined_behaviour(B::easygoing, 5.0) == B::easygoing);
  CHECK(combined_behaviour(B::easygoing, 6.0, DeliberationRule{6.0, 1.0}) == B::meticulous);
}
