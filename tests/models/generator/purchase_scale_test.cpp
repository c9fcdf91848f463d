// The generator's exact purchase target (the bench's set: 1,000,000
// customers and exactly 10,000,000 purchase lines): the count is met, the
// customers and their visits are the drawn ones, and heavy buyers stay heavy.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "smartstore/models/generator.h"
#include "support/test_paths.h"

using namespace smartstore::models;
using smartstore::testing::read_file;
using smartstore::testing::TempDir;

namespace {

struct Shape {
  std::int64_t lines = 0;
  std::map<std::string, std::int64_t> lines_of;              // cust -> lines
  std::map<std::string, std::set<std::string>> receipts_of;  // cust -> receipts
  std::map<std::string, std::string> visit_of;               // receipt -> "day,hour,store,channel"
  bool receipts_consistent = true;                           // one day/hour/store/channel per receipt
  bool receipts_contiguous = true;                           // a receipt's lines are adjacent
};

Shape shape_of(const std::filesystem::path& file) {
  Shape s;
  std::istringstream in(read_file(file));
  std::string line, previous_receipt;
  std::set<std::string> closed;
  std::getline(in, line);
  while (std::getline(in, line)) {
    std::vector<std::string> c(1);
    for (char ch : line) {
      if (ch == ',')
        c.emplace_back();
      else
        c.back().push_back(ch);
    }
    if (c.size() != 10) {
      s.receipts_consistent = false;  // a malformed line
      continue;
    }
    ++s.lines;
    ++s.lines_of[c[0]];
    s.receipts_of[c[0]].insert(c[1]);
    const std::string visit = c[6] + "," + c[7] + "," + c[4] + "," + c[2];
    auto [it, fresh] = s.visit_of.emplace(c[1], visit);
    if (!fresh && it->second != visit) s.receipts_consistent = false;
    if (c[1] != previous_receipt) {
      if (closed.count(c[1])) s.receipts_contiguous = false;
      closed.insert(previous_receipt);
      previous_receipt = c[1];
    }
  }
  return s;
}

GeneratorOptions small(std::int64_t purchases) {
  GeneratorOptions o;
  o.customers = 2000;
  o.seed = 77;
  o.write_sessions = false;
  o.purchases = purchases;
  return o;
}

}  // namespace

TEST_CASE("purchase target: exact count above and below the drawn one, same customers and visits") {
  TempDir drawn_dir, up_dir, down_dir;
  const auto drawn = generate_demo_data(small(0), drawn_dir.path());
  REQUIRE(drawn.has_value());
  const Shape d = shape_of(drawn_dir / "purchases.csv");
  REQUIRE(d.lines == drawn->purchases);
  const std::int64_t visits = static_cast<std::int64_t>(d.visit_of.size());
  MESSAGE("drawn: " << drawn->purchases << " lines in " << visits << " receipts");

  for (const double factor : {10.0 / 9.637176, 1.25, 0.9}) {
    const auto target = static_cast<std::int64_t>(static_cast<double>(drawn->purchases) * factor);
    CAPTURE(target);
    TempDir& dir = factor > 1 ? up_dir : down_dir;
    const auto r = generate_demo_data(small(target), dir.path());
    INFO((r ? std::string() : r.error().message()));
    REQUIRE(r.has_value());
    CHECK(r->purchases == target);
    const Shape t = shape_of(dir / "purchases.csv");
    CHECK(t.lines == target);
    // The same people, members and receipts (visits) as drawn.
    CHECK(read_file(dir / "customers.csv") == read_file(drawn_dir / "customers.csv"));
    CHECK(read_file(dir / "members.csv") == read_file(drawn_dir / "members.csv"));
    CHECK(t.visit_of == d.visit_of);
    CHECK(t.receipts_consistent);
    CHECK(t.receipts_contiguous);
    // Heavy buyers stay heavy, one-off buyers stay light: more lines than
    // drawn each get their count scaled alike (within a line or two);
    // fewer, each loses only lines above one per visit.
    std::int64_t off = 0, wrong_way = 0, below_visits = 0;
    for (const auto& [cust, n] : d.lines_of) {
      const std::int64_t got = t.lines_of.count(cust) ? t.lines_of.at(cust) : 0;
      const auto receipts = static_cast<std::int64_t>(d.receipts_of.at(cust).size());
      if (factor > 1) {
        const double scaled =
            static_cast<double>(n) * static_cast<double>(target) / static_cast<double>(drawn->purchases);
        wrong_way += got < n ? 1 : 0;
        off += std::abs(static_cast<double>(got) - scaled) > 1.5 ? 1 : 0;
      } else {
        wrong_way += got > n ? 1 : 0;
        below_visits += got < receipts ? 1 : 0;
      }
    }
    CHECK(wrong_way == 0);
    CHECK(off == 0);
    CHECK(below_visits == 0);
  }
  // Deterministic.
  TempDir again;
  REQUIRE(generate_demo_data(small(24000), again.path()).has_value());
  TempDir again2;
  REQUIRE(generate_demo_data(small(24000), again2.path()).has_value());
  CHECK(read_file(again / "purchases.csv") == read_file(again2 / "purchases.csv"));
}

TEST_CASE("purchase target below one line per visit is refused with the reason") {
  TempDir dir;
  const auto r = generate_demo_data(small(100), dir.path());
  CHECK_FALSE(r.has_value());
  CHECK(r.error().message().find("--purchases 100 cannot be met") != std::string::npos);
  GeneratorOptions o = small(-5);
  CHECK(generate_demo_data(o, dir.path()).error().message().find("--purchases") != std::string::npos);
}
