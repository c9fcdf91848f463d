// ctest-labels: unit
// The stores' events split as a sharded batch's customers are
// (store_events_split.h): each row to its member's part, redemptions to their
// coupon's, file order and quoted fields kept, the rest apart.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <unordered_set>

#include "../../../models/src/batch/store_events_split.h"
#include "smartstore/models/member_key.h"
#include "smartstore/models/store_events.h"
#include "support/test_paths.h"

using namespace smartstore::models;
using smartstore::testing::read_file;
using smartstore::testing::TempDir;
using smartstore::testing::write_file;

namespace {

const std::vector<unsigned char> kKey(32, 0x17);
const std::string kHeader =
    "type,member_key,day,store_id,event_id,coupon_id,product_code,category,quantity,value,text\n";

std::string key_of(const std::string& cust) {
  return member_key(kKey, cust);
}

// Customers C0 and C1 in part 0 (C1 also in the sample), C2 in part 1.
batch::MemberRoutes routes(const TempDir& dir) {
  BatchOptions o;
  o.deployment_key = kKey;
  o.threads = 1;
  write_file(dir / "p0.csv", "cust,de_dt\nC0,20221201\nC1,20221202\nC0,20221203\n");
  write_file(dir / "c0.csv", "cust,ages\nC0,30s\n");
  write_file(dir / "p1.csv", "cust,de_dt\nC2,20221201\n");
  write_file(dir / "c1.csv", "cust,ages\n");
  write_file(dir / "ps.csv", "cust,de_dt\nC1,20221202\n");
  batch::MemberRoutes r;
  REQUIRE(batch::add_member_routes(o, {(dir / "p0.csv").string(), (dir / "c0.csv").string(), {}}, 0, r));
  REQUIRE(batch::add_member_routes(o, {(dir / "p1.csv").string(), (dir / "c1.csv").string(), {}}, 1, r));
  REQUIRE(batch::add_member_routes(o, {(dir / "ps.csv").string(), (dir / "c1.csv").string(), {}}, 2, r));
  std::sort(r.begin(), r.end());
  CHECK(r.size() == 4);
  return r;
}

}  // namespace

TEST_CASE("rows go to their member's part and the sample; redemptions to their coupon's issues") {
  const TempDir dir;
  const auto k0 = key_of("C0"), k1 = key_of("C1"), k2 = key_of("C2"), stranger = key_of("C9");
  const std::string rows[] = {
      "deliberation," + k0 + ",2022-12-01,S001,e1,,,,,4,\n",
      "coupon_redeemed,,2022-12-02,S001,e2,cA,,,,,\n",  // before its issue
      "survey," + k1 + ",2022-12-01,S001,e3,,,Food,,,\"sms, app\nand kiosk\"\n",
      "coupon_issued," + k2 + ",2022-12-01,S001,e4,cB,offer,,,2000,Hi\n",
      "coupon_issued," + k1 + ",2022-12-01,S001,e5,cA,offer,,,2000,Hi\n",
      "shown," + stranger + ",2022-12-01,S001,e6,,P1,,1,,\n",
      "coupon_redeemed," + k2 + ",2022-12-03,S001,e7,cB,,,,,\n",
      "deliberation," + k0 + ",2022-12-02,S001,e8,,,,,6,\n",
      "coupon_redeemed,,2022-12-03,S001,e9,never,,,,,",  // the last line, no line end
  };
  std::string csv = kHeader;
  for (const auto& r : rows) csv += r;
  write_file(dir / "events.csv", csv);
  const auto split = batch::split_store_events(dir / "events.csv", routes(dir), 3, true, dir.path());
  REQUIRE(split.has_value());
  CHECK(split->rows == 9);
  REQUIRE(split->files.size() == 4);
  CHECK(read_file(split->files[0]) == kHeader + rows[0] + rows[1] + rows[2] + rows[4] + rows[7]);
  CHECK(read_file(split->files[1]) == kHeader + rows[3] + rows[6]);
  CHECK(read_file(split->files[2]) == kHeader + rows[1] + rows[2] + rows[4]);
  CHECK(read_file(split->files[3]) == kHeader + rows[5] + rows[8] + "\n");

  // Each part reads as the whole file reads for its members.
  const auto whole = read_store_events(dir / "events.csv");
  const auto part = read_store_events(split->files[0]);
  REQUIRE(whole.has_value());
  REQUIRE(part.has_value());
  for (const auto& k : {k0, k1}) {
    const MemberEvents* a = whole->find(k);
    const MemberEvents* b = part->find(k);
    REQUIRE(a != nullptr);
    REQUIRE(b != nullptr);
    CHECK(a->deliberation_total_min == b->deliberation_total_min);
    CHECK(a->coupons_issued == b->coupons_issued);
    CHECK(a->coupons_redeemed == b->coupons_redeemed);
    CHECK(whole->text(a->preferred_channel) == part->text(b->preferred_channel));
  }
  CHECK(part->find(k1)->coupons_redeemed == 1);
  CHECK(part->text(part->find(k1)->preferred_channel) == "sms, app\nand kiosk");
}

TEST_CASE("one part's split keeps only its rows; a header without the routing columns is refused") {
  const TempDir dir;
  write_file(dir / "events.csv", kHeader + "shown," + key_of("C9") + ",2022-12-01,S001,e1,,P1,,1,,\n");
  const auto split = batch::split_store_events(dir / "events.csv", routes(dir), 3, false, dir.path());
  REQUIRE(split.has_value());
  REQUIRE(split->files.size() == 3);
  CHECK(read_file(split->files[1]) == kHeader);

  write_file(dir / "bad.csv", "type,member,day\nshown,x,2022-12-01\n");
  const auto refused = batch::split_store_events(dir / "bad.csv", {}, 1, false, dir.path());
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().kind() == smartstore::ErrorKind::invalid_input);
  CHECK(refused.error().message().find("bad.csv:1: no column 'member_key'") != std::string::npos);
  CHECK(batch::split_store_events(dir / "missing.csv", {}, 1, false, dir.path()).error().kind() ==
        smartstore::ErrorKind::not_found);
}

TEST_CASE("a column's values are read record by record: a quoted line break is inside its field") {
  const TempDir dir;
  write_file(dir / "a.csv",
             "\xEF\xBB\xBF"
             "cust,note,store\r\nC1,\"line one\nline two\",S1\r\n\r\nC2,plain, S2 \nC3,,\n");
  std::unordered_set<std::string> custs, stores;
  REQUIRE(batch::add_column_values((dir / "a.csv").string(), "cust", custs).has_value());
  REQUIRE(batch::add_column_values((dir / "a.csv").string(), "store", stores).has_value());
  CHECK(custs == std::unordered_set<std::string>{"C1", "C2", "C3"});
  CHECK(stores == std::unordered_set<std::string>{"S1", "S2"});
  const auto missing = batch::add_column_values((dir / "a.csv").string(), "br_c", stores);
  REQUIRE_FALSE(missing.has_value());
  CHECK(missing.error().message().find("a.csv:1: no column 'br_c'") != std::string::npos);
}
