// ctest-labels: unit
// The split's blocks and workers (csv_split.cpp): whatever the thread count
// and block size, every spill file holds the bytes a row-by-row pass writes.
#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <sstream>
#include <string>
#include <unordered_set>

#include "../../../models/src/batch/store_events_split.h"
#include "smartstore/common/civil_date.h"
#include "smartstore/models/customer_partition.h"
#include "support/test_paths.h"

using namespace smartstore::models;
using namespace smartstore::testing;

namespace {

// About 600 KB of purchases (several 64 KiB blocks): CRLF and LF lines,
// blank lines, a row without its cust field, a line longer than a block, a
// store code with spaces around it, and no line end after the last row.
std::string awkward_csv() {
  std::string text = "rct_no,br_c,de_dt,cust,buy_am\r\n";
  for (int i = 0; i < 12000; ++i) {
    const std::string eol = i % 3 == 0 ? "\r\n" : "\n";
    if (i % 997 == 0) text += eol;                    // blank
    if (i == 5000) text += "R5000, S09 ,20230105\n";  // no cust field
    const std::string amount = i == 7000 ? std::string(70000, '7') : std::to_string(i % 90);
    text += "R" + std::to_string(i) + ",S0" + std::to_string(i % 7) + ",202212" +
            std::to_string(10 + i % 19) + ",C" + std::to_string(i % 1301) + "," + amount + eol;
  }
  return text + "R-last,S01,20221202,C7,1";
}

std::uint64_t rows_of(const std::string& file) {
  return static_cast<std::uint64_t>(std::count(file.begin(), file.end(), '\n')) - 1;  // less the header
}

// What a row-by-row pass writes (the reference the blocks must equal).
struct Serial {
  std::vector<std::string> parts;
  std::string sample;
  std::int32_t latest = 0;
};

Serial serial_split(const std::string& text, std::uint32_t count, double rate) {
  Serial s;
  std::istringstream in(text);
  std::string line;
  std::getline(in, line);
  line.pop_back();  // the header's CR
  s.parts.assign(count, line + "\n");
  s.sample = line + "\n";
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const auto first = line.find(',', line.find(',', line.find(',') + 1) + 1);
    if (line.empty() || first == std::string::npos) continue;
    const std::string cust = line.substr(first + 1, line.find(',', first + 1) - first - 1);
    const auto day = smartstore::parse_date(line.substr(line.find(',', line.find(',') + 1) + 1, 8));
    if (day) s.latest = std::max(s.latest, *day);
    if (in_fit_sample(cust, rate)) s.sample += line + "\n";
    const auto shard = shard_of_customer(cust, count);
    s.parts[shard] += line + "\n";
  }
  return s;
}

}  // namespace

TEST_CASE("blocks and workers write the row-by-row split's bytes and sample") {
  const TempDir dir;
  const std::string text = awkward_csv();
  write_file(dir / "purchases.csv", text);
  const Serial want = serial_split(text, 5, 0.2);
  std::unordered_set<std::string> stores;
  REQUIRE(batch::add_column_values((dir / "purchases.csv").string(), "br_c", stores).has_value());
  std::vector<std::string> every(stores.begin(), stores.end());
  std::sort(every.begin(), every.end());
  REQUIRE(every.size() == 8);  // S00-S06 and the bad row's S09
  for (const unsigned threads : {1U, 2U, 3U, 7U}) {
    for (const std::size_t buffer : {std::size_t{1} << 10, std::size_t{300} << 10, std::size_t{64} << 20}) {
      CAPTURE(threads);
      CAPTURE(buffer);
      const TempDir out;
      SplitPlan plan;
      plan.count = 5;
      plan.sample_rate = 0.2;
      plan.date_column = "de_dt";
      plan.values_column = "br_c";
      plan.skip_bad_rows = true;
      plan.threads = threads;
      const auto split = split_csv(dir / "purchases.csv", "cust", plan, out.path(), buffer);
      REQUIRE(split);
      std::uint64_t rows = 0;
      for (std::uint32_t s = 0; s < 5; ++s) {
        CHECK(read_file(split->parts[s]) == want.parts[s]);
        CHECK(split->rows[s] == rows_of(want.parts[s]));
        rows += split->rows[s];
      }
      CHECK(rows == 12001);
      CHECK(read_file(split->sample) == want.sample);
      CHECK(split->latest_day == want.latest);
      CHECK(split->values == every);
    }
  }
}

TEST_CASE("a row without the key in a later block names its line, whatever the workers") {
  const TempDir dir;
  std::string text = "cust,br_c\n";
  for (int i = 0; i < 40000; ++i) text += "C" + std::to_string(i) + ",S1\n";
  text += "no-comma-here\n";  // line 40002: no second field
  write_file(dir / "a.csv", text);
  for (const unsigned threads : {1U, 3U}) {
    const TempDir out;
    SplitPlan plan;
    plan.count = 3;
    plan.threads = threads;
    const auto split = split_csv(dir / "a.csv", "br_c", plan, out.path(), 4096);
    REQUIRE_FALSE(split.has_value());
    CHECK(split.error().message().find("a.csv:40002: no br_c field") != std::string::npos);
  }
}

TEST_CASE("a header without the values column is refused") {
  const TempDir dir;
  write_file(dir / "a.csv", "cust,amount\nC1,2\n");
  SplitPlan plan;
  plan.values_column = "br_c";
  const auto split = split_csv(dir / "a.csv", "cust", plan, dir.path());
  REQUIRE_FALSE(split.has_value());
  CHECK(split.error().message().find("a.csv:1: no column 'br_c'") != std::string::npos);
}
