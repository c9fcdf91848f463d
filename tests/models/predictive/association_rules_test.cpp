#include <doctest/doctest.h>

#include <cmath>
#include <map>
#include <sstream>

#include "smartstore/models/association_rules.h"
#include "smartstore/models/predictive_cli.h"
#include "support/test_paths.h"

using namespace smartstore::models;
using smartstore::testing::data_path;

namespace {
std::vector<std::string> fields(const std::string& line) {
  std::vector<std::string> out;
  std::string f;
  bool q = false;
  for (char c : line) {
    if (c == '"')
      q = !q;
    else if (c == ',' && !q) {
      out.push_back(f);
      f.clear();
    } else
      f += c;
  }
  out.push_back(f);
  return out;
}
const AssociationRule* find_rule(const RuleSet& rules, const BasketSet& set, const std::string& lhs,
                                 const std::string& rhs) {
  for (const auto& r : rules.rules)
    if (format_itemset(set, r.lhs) == lhs && set.labels[r.rhs] == rhs) return &r;
  return nullptr;
}
}  // namespace

TEST_CASE("hand-checked rules on five baskets") {
  // a in 4 of 5, b in 3, {a,b} in 3, c in 2 (both with a).
  const BasketSet set = make_basket_set({{"a", "b"}, {"a", "b", "c"}, {"a", "b"}, {"a", "c"}, {"d"}});
  REQUIRE(set.labels == std::vector<std::string>{"a", "b", "c", "d"});
  AprioriOptions opt;
  opt.min_support = 0.4;
  opt.min_confidence = 0.7;
  const RuleSet rules = mine_rules(set, opt);
  // frequent: {a}.8 {b}.6 {c}.4 {a,b}.6 {a,c}.4
  CHECK(rules.frequent_itemsets == 5);
  // {}=>{a} (conf .8), {b}=>{a} (1.0), {a}=>{b} (.75), {c}=>{a} (1.0); {a}=>{c} is .5
  REQUIRE(rules.rules.size() == 4);
  const auto* ba = find_rule(rules, set, "{b}", "a");
  REQUIRE(ba);
  CHECK(ba->support == doctest::Approx(0.6));
  CHECK(ba->confidence == doctest::Approx(1.0));
  CHECK(ba->coverage == doctest::Approx(0.6));
  CHECK(ba->lift == doctest::Approx(1.25));
  CHECK(ba->count == 3);
  const auto* ab = find_rule(rules, set, "{a}", "b");
  REQUIRE(ab);
  CHECK(ab->lift == doctest::Approx(0.75 / 0.6));
  CHECK(find_rule(rules, set, "{}", "a"));
  CHECK_FALSE(find_rule(rules, set, "{a}", "c"));

  // A customer holding b gets a (not b again); one holding a,b,c gets nothing new.
  const auto comp = companion_products(rules, {1}, 5);
  REQUIRE(comp.size() == 1);
  CHECK(set.labels[comp[0].item] == "a");
  CHECK(companion_products(rules, {0, 1, 2}, 5).empty());
}

TEST_CASE("basket scans find the same itemsets as tid bitsets") {
  // {a,b,c} in 3 of 6 baskets, {a,b} in 4, {c,d} once: min count 2.
  const BasketSet set = make_basket_set(
      {{"a", "b", "c"}, {"a", "b", "c"}, {"a", "b", "c", "d"}, {"a", "b"}, {"c"}, {"d", "e"}});
  AprioriOptions opt;
  opt.min_support = 0.3;
  opt.min_confidence = 0.6;
  opt.counting = ItemsetCounting::basket_scan;
  const RuleSet scan = mine_rules(set, opt);
  // {a}.67 {b}.67 {c}.67 {d}.33 {a,b}.67 {a,c}.5 {b,c}.5 {a,b,c}.5 ({d} is frequent, {c,d} is not)
  CHECK(scan.frequent_itemsets == 8);
  opt.counting = ItemsetCounting::tid_bitsets;
  const RuleSet bits = mine_rules(set, opt);
  REQUIRE(scan.rules.size() == bits.rules.size());
  for (std::size_t i = 0; i < scan.rules.size(); ++i) {
    CHECK(scan.rules[i].lhs == bits.rules[i].lhs);
    CHECK(scan.rules[i].rhs == bits.rules[i].rhs);
    CHECK(scan.rules[i].count == bits.rules[i].count);
  }
  const auto* abc = find_rule(scan, set, "{a,c}", "b");
  REQUIRE(abc);
  CHECK(abc->count == 3);
  CHECK(abc->confidence == doctest::Approx(1.0));
  CHECK(abc->lift == doctest::Approx(1.5));
  // Flat baskets with two threads: the same rules.
  opt.threads = 2;
  CHECK(mine_rules(flatten(set), opt).rules.size() == bits.rules.size());
}

TEST_CASE("max_len bounds the itemset size") {
  const BasketSet set = make_basket_set({{"a", "b", "c"}, {"a", "b", "c"}});
  AprioriOptions opt;
  opt.min_support = 0.5;
  opt.min_confidence = 0.5;
  opt.max_len = 2;
  for (const auto& r : mine_rules(set, opt).rules) CHECK(r.lhs.size() <= 1);
  opt.max_len = 3;
  CHECK(mine_rules(set, opt).frequent_itemsets == 7);
}

TEST_CASE("Groceries reproduces arules' 5,668 rules at support 0.001, confidence 0.5") {
  auto read = read_baskets(data_path("analytics/groceries.csv"), BasketFormat::basket);
  REQUIRE(read);
  const BasketSet& groceries = *read;
  CHECK(groceries.baskets.size() == 9835);
  CHECK(groceries.labels.size() == 169);
  AprioriOptions opt;
  opt.min_support = 0.001;
  opt.min_confidence = 0.5;
  // Both counting strategies must reproduce arules.
  opt.counting = ItemsetCounting::tid_bitsets;
  SUBCASE("tid bitsets") {
    opt.counting = ItemsetCounting::tid_bitsets;
  }
  SUBCASE("basket scans") {
    opt.counting = ItemsetCounting::basket_scan;
  }
  opt.threads = 2;
  const RuleSet rules = mine_rules(groceries, opt);
  CHECK(rules.rules.size() == 5668);

  std::map<std::string, const AssociationRule*> ours;
  for (const auto& r : rules.rules)
    ours[format_itemset(groceries, r.lhs) + " => " + format_itemset(groceries, {r.rhs})] = &r;
  std::istringstream reference(
      smartstore::testing::read_file(data_path("analytics/groceries_rules_s0.001_c0.5.csv")));
  std::string line;
  std::getline(reference, line);
  std::size_t matched = 0, worst = 0;
  double max_err = 0;
  while (std::getline(reference, line)) {
    const auto f = fields(line);
    REQUIRE(f.size() == 6);
    auto it = ours.find(f[0]);
    if (it == ours.end()) {
      FAIL_CHECK("missing rule " << f[0]);
      continue;
    }
    const AssociationRule& r = *it->second;
    for (double e : {std::abs(r.support - std::stod(f[1])), std::abs(r.confidence - std::stod(f[2])),
                     std::abs(r.coverage - std::stod(f[3])), std::abs(r.lift - std::stod(f[4]))})
      max_err = std::max(max_err, e);
    if (r.count != std::stoul(f[5])) ++worst;
    ++matched;
  }
  CHECK(matched == 5668);
  CHECK(worst == 0);
  CHECK(max_err < 1e-9);

  const AssociationRule& top = rules.rules.front();
  CHECK(format_itemset(groceries, top.lhs) == "{Instant food products,soda}");
  CHECK(groceries.labels[top.rhs] == "hamburger meat");
  CHECK(top.lift == doctest::Approx(18.99565).epsilon(1e-6));
}

TEST_CASE("rules command writes arules-style CSV and rejects bad input") {
  smartstore::testing::TempDir dir;
  smartstore::testing::write_file(dir / "long.csv",
                                  "basket,item\n1,milk\n1,bread\n2,milk\n2,bread\n3,milk\n");
  std::ostringstream out, err;
  int rc = smartstore::models::predictive_cli::run_rules(
      {"--baskets", (dir / "long.csv").string(), "--format", "long", "--min-support", "0.5",
       "--min-confidence", "0.9", "--out", (dir / "r.csv").string()},
      out, err);
  REQUIRE(rc == 0);
  const std::string csv = smartstore::testing::read_file(dir / "r.csv");
  // {bread} => {milk}: support 2/3, confidence 1, coverage 2/3, lift 1/1 = 1.
  CHECK(csv.rfind("lhs,rhs,support,confidence,coverage,lift,count\n", 0) == 0);
  CHECK(csv.find("\"{bread}\",\"{milk}\",0.666666666666667,1,0.666666666666667,1,2") != std::string::npos);
  CHECK(csv.find("{milk}\",\"{bread}") == std::string::npos);  // confidence 2/3

  std::ostringstream out2, err2;
  CHECK(smartstore::models::predictive_cli::run_rules({"--baskets", (dir / "missing.csv").string()}, out2,
                                                      err2) == 2);
  CHECK(err2.str().find("cannot open") != std::string::npos);
  CHECK(smartstore::models::predictive_cli::run_rules({"--min-support", "2"}, out2, err2) == 2);
}
