// ctest-labels: unit
// The store-events CSV and erased members' list as the batch reads them, and
// the folding rules that stand alone: the behaviour rule and coupon features
// (store_events.h).
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>

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
  REQUIRE(read->find(kA) != nullptr);
  const MemberEvents& a = *read->find(kA);
  const auto items = read->items_of(*read->member_of(kA));
  REQUIRE(items.size() == 3);  // in file order
  CHECK(items[0].kind == NotedKind::sold);
  CHECK(read->codes[items[0].product] == "P2");
  CHECK(items[0].category == 0);
  CHECK(items[0].quantity == 2);
  CHECK(items[0].day == *parse_date("2026-12-01"));
  CHECK(items[1].kind == NotedKind::considered);
  CHECK(read->codes[items[1].category] == "Beauty");
  CHECK(items[2].kind == NotedKind::shown);
  CHECK(a.deliberation_notes == 2);
  CHECK(a.deliberation_total_min == doctest::Approx(20.0));
  CHECK(a.coupons_issued == 2);
  CHECK(a.coupons_redeemed == 1);  // c1 by its issue; c9 was never issued
  CHECK(read->redemptions_unmatched == 1);
  CHECK(read->text(a.last_coupon) == "Dip day");
  REQUIRE(read->find(kB) != nullptr);
  const MemberEvents& b = *read->find(kB);
  CHECK(read->text(b.survey_favourite) == "Food");
  CHECK(read->text(b.preferred_channel) == "app");
  CHECK(read->find(std::string(64, 'c')) == nullptr);
  CHECK(read->find("not a key") == nullptr);

  const CouponFeatures c = coupon_features(*read, a, *parse_date("2026-12-01"));
  CHECK(c.redemption_rate == doctest::Approx(0.5));
  CHECK(c.last_coupon_date == "2026-11-25");
  CHECK(c.days_since == 6);
  CHECK(coupon_features(*read, a, *parse_date("2026-11-01")).days_since == 0);  // never negative
  CHECK(coupon_features(*read, b, 0).days_since == -1);
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

namespace {
// Everything a read produced, in a form two reads can be compared by.
std::string dump(const StoreEvents& e, const std::vector<std::string>& keys) {
  std::string out =
      std::to_string(e.rows) + " rows, " + std::to_string(e.redemptions_unmatched) + " unmatched\n";
  for (const auto& key : keys) {
    const auto m = e.member_of(key);
    if (!m) continue;
    const MemberEvents& x = e.members[*m];
    char line[200];
    std::snprintf(line, sizeof line, "%.2s: %a/%lld %lld/%lld %s %d %s %s:", key.c_str(),
                  x.deliberation_total_min, static_cast<long long>(x.deliberation_notes),
                  static_cast<long long>(x.coupons_issued), static_cast<long long>(x.coupons_redeemed),
                  e.text(x.last_coupon).c_str(), x.last_coupon_day.value_or(-1),
                  e.text(x.survey_favourite).c_str(), e.text(x.preferred_channel).c_str());
    out += line;
    for (const NotedItem& i : e.items_of(*m))
      out += " " + std::to_string(static_cast<int>(i.kind)) + e.codes[i.product] + "/" + e.codes[i.category] +
             "x" + std::to_string(i.quantity) + "@" + std::to_string(i.day);
    out += "\n";
  }
  return out;
}
}  // namespace

TEST_CASE("read in parts, the file gives what one front-to-back read gives") {
  // Members whose rows fall into several parts: a coupon issued in one part
  // and issued again (ignored) or redeemed in a later one, minutes that sum
  // differently in another order, survey answers overridden later.
  std::vector<std::string> keys;
  for (char c : std::string("0123456789abcdef")) keys.push_back(std::string(63, 'a') + c);
  std::string rows;
  const double minutes[] = {0.1, 0.2, 0.3, 1e-9, 7.7};
  for (int round = 0; round < 12; ++round)
    for (std::size_t k = 0; k < keys.size(); ++k) {
      const std::string day = "2026-11-" + std::to_string(10 + (round + static_cast<int>(k)) % 15);
      const std::string coupon = "c" + std::to_string(k * 3 + static_cast<std::size_t>(round) % 4);
      rows += "sold," + keys[k] + "," + day + ",S001,e,,P" + std::to_string(round) + ",,2,0,\n";
      rows += "shown," + keys[k] + "," + day + ",S001,e,,,Cat" + std::to_string(k % 3) + ",,0,\n";
      rows +=
          "deliberation," + keys[k] + "," + day + ",S001,e,,,,," + std::to_string(minutes[round % 5]) + ",\n";
      rows += "survey," + keys[k] + "," + day + ",S001,e,,,Fav" + std::to_string(round) + ",,,ch" +
              std::to_string(round % 2) + "\n";
      rows += "coupon_issued," + keys[(k + static_cast<std::size_t>(round)) % keys.size()] + "," + day +
              ",S001,e," + coupon + ",offer,,,1000,\"Title, " + std::to_string(round) + "\"\n";
      if (round % 3 == 2) rows += "coupon_redeemed,," + day + ",S001,e," + coupon + ",,,,,\n";
    }
  TempDir dir;
  write_file(dir / "events.csv", kHeader + rows);
  const auto whole = read_store_events(dir / "events.csv", {1, 1});
  REQUIRE(whole.has_value());
  CHECK(whole->members.size() == keys.size());
  const std::string expected = dump(*whole, keys);
  for (unsigned parts : {2U, 3U, 7U, 64U}) {
    INFO(parts << " parts");
    const auto split = read_store_events(dir / "events.csv", {parts, 1});
    REQUIRE(split.has_value());
    CHECK(dump(*split, keys) == expected);
  }

  // A quoted title across lines: a cut inside it is noticed and the file
  // read whole; an error in a later part names its line in the file.
  write_file(dir / "events.csv", kHeader + rows + "coupon_issued," + keys[0] +
                                     ",2026-12-01,S001,e,c999,offer,,,1000,\"two\nlines\"\n" + rows);
  const auto quoted = read_store_events(dir / "events.csv", {1, 1});
  REQUIRE(quoted.has_value());
  for (unsigned parts : {2U, 5U, 64U}) {
    const auto split = read_store_events(dir / "events.csv", {parts, 1});
    REQUIRE(split.has_value());
    CHECK(dump(*split, keys) == dump(*quoted, keys));
  }
  const std::size_t lines = static_cast<std::size_t>(std::count(rows.begin(), rows.end(), '\n'));
  write_file(dir / "events.csv",
             kHeader + rows + rows + "sold," + keys[1] + ",2026-13-01,S001,e,,P1,,1,0,\n");
  for (unsigned parts : {1U, 4U}) {
    const auto bad = read_store_events(dir / "events.csv", {parts, 1});
    REQUIRE_FALSE(bad.has_value());
    CHECK(bad.error().message().find("events.csv:" + std::to_string(2 * lines + 2) + ": column day") !=
          std::string::npos);
  }
}
