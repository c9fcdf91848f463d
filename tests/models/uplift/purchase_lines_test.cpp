#include "../../../models/src/uplift/purchase_lines.h"

#include <doctest/doctest.h>

#include <tuple>
#include <vector>

#include "support/test_paths.h"

namespace smartstore::models {
namespace {

using testing::TempDir;
using testing::write_file;

using Line = std::tuple<std::string, Day, std::int64_t>;

Result<std::vector<Line>> lines_of(const std::filesystem::path& file, std::size_t block_bytes) {
  std::vector<Line> lines;
  auto read = stream_purchase_lines(file.string(), block_bytes, [&](const PurchaseLine& l) {
    lines.emplace_back(std::string(l.cust), l.day, l.amount_krw);
  });
  if (!read) return read.error();
  return lines;
}

// Blocks of a few bytes cut records anywhere, a quoted newline included:
// the same lines as one block holding the whole file.
TEST_CASE("purchase lines read in blocks of any size give one read's lines") {
  TempDir dir;
  write_file(dir / "p.csv",
             "\xEF\xBB\xBFpd_c,\"cust\",de_dt,buy_am,note\r\n"
             "P1,C1,20230105,1500,plain\r\n"
             "\n"
             "P2,\"C2\",2023-01-06,12.5,\"two\nlines, one \"\"quoted\"\" note\"\n"
             "P3,C1,20230107,-300,\n");
  const auto whole = lines_of(dir / "p.csv", 1 << 20);
  REQUIRE(whole);
  const std::vector<Line> expected{{"C1", *parse_date("20230105"), 1500},
                                   {"C2", *parse_date("20230106"), 13},
                                   {"C1", *parse_date("20230107"), -300}};
  CHECK(*whole == expected);
  for (const std::size_t block : {1, 3, 7, 20, 64}) {
    const auto cut = lines_of(dir / "p.csv", block);
    REQUIRE(cut);
    CHECK(*cut == expected);
  }
}

TEST_CASE("purchase lines name the file, line and column of what is wrong") {
  TempDir dir;
  const auto refused = [&](const std::string& body) {
    write_file(dir / "p.csv", body);
    const auto read = lines_of(dir / "p.csv", 8);
    REQUIRE_FALSE(read);
    CHECK(read.error().kind() == ErrorKind::invalid_input);
    return read.error().message();
  };
  const std::string header = "cust,de_dt,buy_am\n";
  CHECK(
      refused(header + "C1,20230105,1\nC2,20230105,2\n\"C3\",2023-13-01,3\n").find("p.csv:4: column de_dt") !=
      std::string::npos);
  CHECK(refused(header + "C1,20230105,1\n,20230105,2\n").find(":3: column cust") != std::string::npos);
  CHECK(refused(header + "C1,20230105,12x\n").find(":2: column buy_am") != std::string::npos);
  CHECK(refused("cust,de_dt\nC1,20230105\n").find("buy_am") != std::string::npos);
  CHECK(refused(header + "C1,20230105,\"1\n").find("unterminated quote") != std::string::npos);
  CHECK(refused("").find("empty file") != std::string::npos);
  const auto missing = lines_of(dir / "absent.csv", 8);
  REQUIRE_FALSE(missing);
  CHECK(missing.error().kind() == ErrorKind::not_found);
}

}  // namespace
}  // namespace smartstore::models
