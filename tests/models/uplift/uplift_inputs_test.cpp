#include "smartstore/models/uplift_inputs.h"

#include <doctest/doctest.h>

#include "support/test_paths.h"

namespace smartstore::models {
namespace {

using testing::TempDir;
using testing::write_file;

constexpr const char* kHeader = "member_key,campaign_id,offer_id,event,de_dt,segment,discount_krw,redeemed\n";

TEST_CASE("uplift_exposures_read_by_header_with_members_in_order_of_appearance") {
  TempDir dir;
  // Columns in another order than the generator writes them: found by name.
  write_file(dir / "e.csv",
             "event,member_key,campaign_id,offer_id,de_dt,segment,discount_krw,redeemed\n"
             "coupon_issued,k2,C,O,20230105,star,2000,1\n"
             "held_out,k1,C,O,2023-01-06,,0,0\r\n"
             "coupon_issued,k2,C,O,20230107,star,0,0\n");
  const auto f = read_exposures((dir / "e.csv").string());
  REQUIRE(f);
  CHECK(f->member_keys == std::vector<std::string>{"k2", "k1"});
  CHECK(f->input.members == 2);
  REQUIRE(f->input.exposures.size() == 3);
  CHECK(f->input.exposures[0].redeemed);
  CHECK(f->input.exposures[0].discount_krw == 2000);
  CHECK(f->input.exposures[1].held_out);
  CHECK(f->input.exposures[1].member == 1);
  CHECK(f->input.exposures[1].day == *parse_date("2023-01-06"));
  CHECK(f->input.segments == std::vector<std::string>{"star", ""});
}

TEST_CASE("uplift_exposures_leave_out_erased_members") {
  TempDir dir;
  write_file(dir / "e.csv", std::string(kHeader) + "k1,C,O,coupon_issued,20230105,,2000,1\n" +
                                "k2,C,O,held_out,20230105,,0,0\nk1,C,O,coupon_issued,20230107,,0,0\n");
  const std::unordered_set<std::string> erased{"k1"};
  const auto f = read_exposures((dir / "e.csv").string(), &erased);
  REQUIRE(f);
  CHECK(f->member_keys == std::vector<std::string>{"k2"});
  REQUIRE(f->input.exposures.size() == 1);
  CHECK(f->input.exposures[0].held_out);
  CHECK(read_exposures((dir / "e.csv").string())->input.exposures.size() == 3);
}

TEST_CASE("uplift_exposures_name_the_file_line_and_column_of_a_bad_row") {
  TempDir dir;
  const auto refused = [&](const std::string& body) {
    write_file(dir / "e.csv", body);
    const auto f = read_exposures((dir / "e.csv").string());
    REQUIRE_FALSE(f);
    CHECK(f.error().kind() == ErrorKind::invalid_input);
    return f.error().message();
  };
  CHECK(refused(std::string(kHeader) + "k,C,O,issued,20230105,s,0,0\n").find(":2: column event") !=
        std::string::npos);
  CHECK(refused(std::string(kHeader) + "k,C,O,held_out,2023-13-05,s,0,0\n").find("column de_dt") !=
        std::string::npos);
  CHECK(refused(std::string(kHeader) + "k,C,O,held_out,20230105,s,-5,0\n").find("column discount_krw") !=
        std::string::npos);
  CHECK(refused(std::string(kHeader) + "k,C,O,held_out,20230105,s,0,yes\n").find("column redeemed") !=
        std::string::npos);
  CHECK(refused("member_key,campaign_id\nk,C\n").find("no column offer_id") != std::string::npos);
  const auto missing = read_exposures((dir / "absent.csv").string());
  REQUIRE_FALSE(missing);
  CHECK(missing.error().kind() == ErrorKind::not_found);
}

}  // namespace
}  // namespace smartstore::models
