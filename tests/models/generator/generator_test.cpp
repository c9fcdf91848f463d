// The demo-data generator: deterministic for a seed, and shaped the way
// reports 003/004 describe the data: shares checked within tolerances.
#include <doctest/doctest.h>

#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "smartstore/common/civil_date.h"
#include "smartstore/models/generator.h"
#include "support/test_paths.h"

using namespace smartstore::models;
using smartstore::testing::read_file;
using smartstore::testing::TempDir;

namespace {

std::vector<std::vector<std::string>> rows_of(const std::filesystem::path& file) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(read_file(file));
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::vector<std::string> cells(1);
    for (char c : line) {
      if (c == ',')
        cells.emplace_back();
      else
        cells.back().push_back(c);
    }
    rows.push_back(std::move(cells));
  }
  return rows;
}

GeneratorOptions small(std::uint64_t seed) {
  GeneratorOptions o;
  o.customers = 3000;
  o.days = 365;
  o.seed = seed;
  return o;
}

}  // namespace

TEST_CASE("same seed, same bytes; another seed, other data") {
  TempDir a, b, c;
  REQUIRE(generate_demo_data(small(11), a.path()).has_value());
  REQUIRE(generate_demo_data(small(11), b.path()).has_value());
  REQUIRE(generate_demo_data(small(12), c.path()).has_value());
  for (const char* f :
       {"customers.csv", "purchases.csv", "products.csv", "sessions.csv", "stores.csv", "members.csv"}) {
    CAPTURE(f);
    CHECK(read_file(a / f) == read_file(b / f));
  }
  CHECK(read_file(a / "purchases.csv") != read_file(c / "purchases.csv"));
  // Files stand for real customers' data: owner-only.
  const auto perms = std::filesystem::status(a / "purchases.csv").permissions();
  CHECK((perms & std::filesystem::perms::group_all) == std::filesystem::perms::none);
  CHECK((perms & std::filesystem::perms::others_all) == std::filesystem::perms::none);
}

TEST_CASE("customers: two women to one man, 40s then 30s then 50s, home zones") {
  TempDir dir;
  const auto r = generate_demo_data(small(5), dir.path());
  REQUIRE(r.has_value());
  const auto customers = rows_of(dir / "customers.csv");
  REQUIRE(customers.size() == 3000);
  std::map<std::string, int> gender, age, zone;
  for (const auto& c : customers) ++gender[c[1]], ++age[c[2]], ++zone[c[3]];
  const double women = gender["여성"] / 3000.0;
  CHECK(women == doctest::Approx(2.0 / 3.0).epsilon(0.05));
  CHECK(age["40대"] > age["30대"]);
  CHECK(age["30대"] > age["50대"]);
  CHECK(age["50대"] > age["20대"]);
  CHECK(zone.size() >= 15);
  CHECK(zone["Z17"] > zone["Z01"]);  // report 004: Z17 and Z10 carry the most
}

TEST_CASE("purchases: weekend and 17-18 h offline, flat online, seasonal peaks, L.pay 100-won deals") {
  TempDir dir;
  const auto r = generate_demo_data(small(5), dir.path());
  REQUIRE(r.has_value());
  const auto purchases = rows_of(dir / "purchases.csv");
  REQUIRE(static_cast<std::int64_t>(purchases.size()) == r->purchases);
  CHECK(r->purchases > 3000 * 6);
  int offline = 0, offline_weekend = 0, online = 0, online_weekend = 0, lpay = 0;
  std::map<int, int> offline_hours;
  std::map<int, std::int64_t> month_lines;
  std::set<std::string> lpay_customers, stores;
  for (const auto& p : purchases) {
    REQUIRE(p.size() == 10);
    const auto wd = smartstore::weekday(*smartstore::parse_date(p[6]));
    const bool weekend = wd == smartstore::Weekday::friday || smartstore::is_weekend(wd);
    month_lines[std::stoi(p[6].substr(4, 2))]++;
    if (p[3] == "LPAY") {
      ++lpay;
      CHECK(p[8] == "100");
      lpay_customers.insert(p[0]);
      continue;
    }
    if (p[2] == "1") {
      ++offline, offline_weekend += weekend;
      ++offline_hours[std::stoi(p[7])];
      CHECK(!p[4].empty());
      stores.insert(p[4]);
    } else {
      CHECK(p[2] == "2");
      ++online, online_weekend += weekend;
    }
  }
  CHECK(static_cast<double>(offline_weekend) / offline > 0.5);  // 3 of 7 days
  CHECK(static_cast<double>(online_weekend) / online < 0.5);
  int mode = 0;
  for (const auto& [h, n] : offline_hours)
    if (n > offline_hours[mode]) mode = h;
  CHECK((mode == 17 || mode == 18));
  CHECK(offline_hours[3] == 0);
  double rest = 0;
  for (int m : {1, 2, 3, 4, 9, 10}) rest += static_cast<double>(month_lines[m]) / 6.0;
  CHECK(month_lines[5] > rest);
  CHECK(month_lines[12] > rest);
  CHECK(month_lines[8] > rest);
  CHECK(lpay_customers.size() > 3000 * 0.01);
  CHECK(lpay_customers.size() < 3000 * 0.06);
  CHECK(stores == std::set<std::string>{"S001", "S002", "S003", "S004", "S005"});
  const auto sessions = rows_of(dir / "sessions.csv");
  CHECK(static_cast<std::int64_t>(sessions.size()) == r->sessions);
  CHECK(r->sessions > online / 2);
}

TEST_CASE("products: report 003 categories in Korean with realistic prices") {
  TempDir dir;
  REQUIRE(generate_demo_data(small(5), dir.path()).has_value());
  std::map<std::string, std::pair<double, int>> price;  // category -> sum, n
  for (const auto& p : rows_of(dir / "products.csv")) {
    REQUIRE(p.size() == 4);
    // pd_nm ends with the list price: "냉장고 1290000원".
    const auto space = p[1].rfind(' ');
    if (p[0] == "P99999") continue;
    price[p[3]].first += std::stod(p[1].substr(space + 1));
    price[p[3]].second++;
  }
  for (const char* c :
       {"패션잡화", "여성의류", "냉장/세탁가전", "스포츠패션", "가구", "화장품/뷰티케어", "과자", "채소"})
    CHECK_MESSAGE(price.count(c), c);
  auto mean = [&](const char* c) { return price[c].first / price[c].second; };
  CHECK(mean("냉장/세탁가전") > 50 * mean("과자"));
  CHECK(mean("가구") > 20 * mean("채소"));
}

TEST_CASE("demo card numbers: 16 digits, prefix 8710, Luhn-valid, one per customer") {
  std::set<std::string> seen;
  for (std::int64_t i = 0; i < 20000; ++i) {
    const auto card = demo_card_number(i);
    REQUIRE(card.size() == 16);
    CHECK(card.rfind("8710", 0) == 0);
    CHECK(luhn_valid(card));
    seen.insert(card);
  }
  CHECK(seen.size() == 20000);
  CHECK(luhn_valid("79927398713"));  // the textbook example
  CHECK_FALSE(luhn_valid("79927398710"));
  CHECK(demo_customer_id(0) != demo_customer_id(1));
  CHECK(demo_customer_id(7).size() == 10);
}

TEST_CASE("bad options are reported, not written") {
  TempDir dir;
  GeneratorOptions o = small(1);
  o.customers = 0;
  CHECK_FALSE(generate_demo_data(o, dir.path()).has_value());
  o = small(1);
  o.end_date = "2022-02-30";
  const auto r = generate_demo_data(o, dir.path());
  CHECK(r.error().message().find("2022-02-30") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir / "purchases.csv"));
}
