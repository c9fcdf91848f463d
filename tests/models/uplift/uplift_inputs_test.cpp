#include "smartstore/models/uplift_inputs.h"

#include <doctest/doctest.h>

#include <fstream>

#include "models/support/planted_uplift.h"
#include "smartstore/models/generator.h"
#include "smartstore/models/member_key.h"
#include "smartstore/models/uplift_output.h"
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

// The report of the files read whole, each table's customers keyed as the
// batch keys them (members.csv's card, else the cust): what the streamed
// read must give, number for number.
UpliftReport report_of_whole_tables(const UpliftFiles& files) {
  auto exposures = read_exposures(files.exposures);
  REQUIRE(exposures);
  std::unordered_map<std::string, std::string> card_of;
  REQUIRE(read_members(files.members, card_of));
  std::unordered_map<std::string, std::uint32_t> member_of_key;
  for (std::uint32_t m = 0; m < exposures->member_keys.size(); ++m)
    member_of_key[exposures->member_keys[m]] = m;
  std::vector<Purchase> rows;
  MemberKeyer keyer(files.deployment_key);
  for (const auto& path : files.purchases) {
    auto table = read_purchases(path);
    REQUIRE(table.ok());
    for (Purchase p : table.data.rows) {
      const std::string& cust = table.data.customers.name(p.customer);
      const auto card = card_of.find(cust);
      const auto m = member_of_key.find(keyer.key(card != card_of.end() ? card->second : cust));
      p.customer = m == member_of_key.end() ? kNoMember : m->second;
      rows.push_back(p);
    }
  }
  std::vector<std::uint32_t> identity(exposures->input.members);
  for (std::uint32_t m = 0; m < identity.size(); ++m) identity[m] = m;
  const auto report = build_uplift_report(exposures->input, rows, identity, UpliftWindow{});
  REQUIRE(report);
  return *report;
}

TEST_CASE("uplift_from_files_streams_to_the_report_of_the_files_read_whole") {
  TempDir dir;
  REQUIRE(generate_demo_data(testing::planted_uplift(2000, 3, 0.1, 3000), dir.path()));
  // Every tenth member without a card, and exposed under its cust: keyed as itself.
  std::ifstream in(dir / "members.csv");
  std::string members, exposures = testing::read_file(dir / "exposures.csv"), line;
  std::string day = exposures.substr(exposures.find('\n') + 1);  // the first exposure's day
  for (int comma = 0; comma < 4; ++comma) day = day.substr(day.find(',') + 1);
  day = day.substr(0, day.find(','));
  for (std::size_t n = 0; std::getline(in, line); ++n)
    if (n % 10 != 1) {
      members += line + "\n";
    } else {
      const std::string cust = line.substr(line.find(',') + 1);
      exposures += member_key(demo_deployment_key(), cust) + ",demo-plain,plain," +
                   (n % 20 == 1 ? "held_out" : "coupon_issued") + "," + day + ",,0,0\n";
    }
  write_file(dir / "members.csv", members);
  write_file(dir / "exposures.csv", exposures);
  const UpliftFiles files = testing::planted_uplift_files(dir.path());
  const auto streamed = uplift_report_from_files(files, UpliftWindow{});
  REQUIRE(streamed);
  const UpliftReport whole = report_of_whole_tables(files);
  CHECK(streamed->first_exposures > 1000);
  CHECK(uplift_report_json(*streamed) == uplift_report_json(whole));
  CHECK(streamed->data_end == whole.data_end);
  CHECK(streamed->cells.size() == whole.cells.size());
}

}  // namespace
}  // namespace smartstore::models
