// ctest-labels: unit
// The out-of-core batch's streaming split of a CSV by customer hash
// (customer_partition.h).
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <algorithm>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include "smartstore/models/customer_partition.h"
#include "support/test_paths.h"

using namespace smartstore::models;
using smartstore::testing::read_file;
using smartstore::testing::TempDir;
using smartstore::testing::write_file;

namespace {
// A purchases file: 500 customers, 1 to 4 lines each, cust in the first column.
std::string purchases_csv() {
  std::string text = "cust,rct_no,br_c,buy_am\n";
  for (int c = 0; c < 500; ++c)
    for (int k = 0; k <= c % 4; ++k)
      text += "M" + std::to_string(100000 + c) + ",R" + std::to_string(c * 10 + k) + ",S00" +
              std::to_string(k) + "," + std::to_string(1000 * (k + 1)) + "\n";
  return text;
}
}  // namespace

TEST_CASE("--part i/N parses, and says what is wrong otherwise") {
  const auto spec = parse_shard_spec("3/8");
  REQUIRE(spec);
  CHECK(spec->index == 3);
  CHECK(spec->count == 8);
  for (const char* bad : {"8/8", "1/0", "3", "a/8", "3/8x", "/8", "-1/8"}) {
    const auto parsed = parse_shard_spec(bad);
    CHECK_FALSE(parsed.has_value());
    if (!parsed) CHECK(parsed.error().message().find(bad) != std::string::npos);
  }
}

TEST_CASE("the memory budget chooses the shard count") {
  CHECK(shards_for_budget(1 << 20, 4ULL << 30) == 1);
  // 10M customers' CSVs (about 7.1 GB) in a 4 GiB machine: several shards.
  const auto ten_million = shards_for_budget(7'100'000'000ULL, 4ULL << 30);
  CHECK(ten_million >= 6);
  // A budget below 1 GiB keeps a quarter for the fixed part and still splits,
  // at the small parts' 6 bytes per input byte: 7.1 GB x 6 / 48 MiB.
  CHECK(shards_for_budget(7'100'000'000ULL, 64ULL << 20) == 847);
  // 200k demo customers (138.5 MB of CSV) in 64 MiB: parts of about 12k.
  CHECK(shards_for_budget(138'500'000ULL, 64ULL << 20) == 17);
  // The rate falls with the share: 7 parts at 4 GiB (3.6), not 10 (at 6).
  CHECK(ten_million == 7);
  CHECK(shards_for_budget(7'100'000'000ULL, 1) == 65536);  // capped, not overflowed
  CHECK(shards_for_budget(7'100'000'000ULL, 16ULL << 30) < ten_million);
}

TEST_CASE("shards are ranges of the snapshot order: every customer of shard i sorts before shard i+1's") {
  std::vector<std::pair<std::uint64_t, std::uint32_t>> placed;
  for (int i = 0; i < 5000; ++i) {
    const std::string cust = "C" + std::to_string(i);
    placed.emplace_back(customer_order_key(cust), shard_of_customer(cust, 7));
  }
  std::sort(placed.begin(), placed.end());
  std::vector<std::size_t> per_shard(7, 0);
  for (std::size_t i = 0; i < placed.size(); ++i) {
    if (i > 0) CHECK(placed[i - 1].second <= placed[i].second);
    ++per_shard[placed[i].second];
  }
  for (const std::size_t n : per_shard) CHECK(n > 600);  // about 714 each
  CHECK(shard_of_customer("C1", 1) == 0);
  CHECK(customer_order_key("C1") == customer_order_key(std::string("C1")));
  CHECK(customer_order_key("C1") != customer_order_key("C2"));
}

TEST_CASE("a customer's rows all land in one shard, none lost, in 0600 files") {
  const TempDir dir;
  write_file(dir / "purchases.csv", purchases_csv());
  const auto parts = partition_csv(dir / "purchases.csv", "cust", 4, dir.path(), 4096);
  REQUIRE(parts);
  REQUIRE(parts->parts.size() == 4);
  std::uint64_t rows = 0;
  std::map<std::string, std::uint32_t> shard_of;
  for (std::uint32_t s = 0; s < 4; ++s) {
    struct stat st {};
    REQUIRE(::stat(parts->parts[s].c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    std::istringstream in(read_file(parts->parts[s]));
    std::string line;
    std::getline(in, line);
    CHECK(line == "cust,rct_no,br_c,buy_am");
    std::uint64_t here = 0;
    while (std::getline(in, line)) {
      const std::string cust = line.substr(0, line.find(','));
      CHECK(shard_of_customer(cust, 4) == s);
      CHECK(shard_of.emplace(cust, s).first->second == s);
      ++here;
    }
    CHECK(here == parts->rows[s]);
    CHECK(here > 0);  // 500 customers spread over every shard
    rows += here;
  }
  CHECK(rows == 1250);
  CHECK(shard_of.size() == 500);
  // The buffer size changes when bytes are written, never which.
  const TempDir other;
  const auto big = partition_csv(dir / "purchases.csv", "cust", 4, other.path(), 64ULL << 20);
  REQUIRE(big);
  for (std::uint32_t s = 0; s < 4; ++s) CHECK(read_file(big->parts[s]) == read_file(parts->parts[s]));
}

TEST_CASE("partitioning names the missing file, column or field") {
  const TempDir dir;
  const auto missing = partition_csv(dir / "nope.csv", "cust", 2, dir.path());
  REQUIRE_FALSE(missing.has_value());
  CHECK(missing.error().kind() == smartstore::ErrorKind::not_found);
  write_file(dir / "a.csv", "id,amount\n1,2\n");
  const auto no_column = partition_csv(dir / "a.csv", "cust", 2, dir.path());
  REQUIRE_FALSE(no_column.has_value());
  CHECK(no_column.error().message().find("a.csv:1: no column 'cust'") != std::string::npos);
  write_file(dir / "b.csv", "rct_no,cust\nR1,M1\nR2\n");
  const auto short_row = partition_csv(dir / "b.csv", "cust", 2, dir.path());
  REQUIRE_FALSE(short_row.has_value());
  CHECK(short_row.error().message().find("b.csv:3:") != std::string::npos);
}
