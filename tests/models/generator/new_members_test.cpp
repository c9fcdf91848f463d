// Members who signed up without buying: appended after the purchasing
// customers, with sign-up survey answers, and without changing anyone's purchases.
#include <doctest/doctest.h>

#include <set>
#include <sstream>

#include "smartstore/models/generator.h"
#include "support/test_paths.h"

using namespace smartstore::models;
using smartstore::testing::read_file;
using smartstore::testing::TempDir;

namespace {
std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream s(text);
  for (std::string line; std::getline(s, line);) out.push_back(line);
  return out;
}
}  // namespace

TEST_CASE("survey_generator_appends_new_members_with_answers_and_keeps_the_purchases") {
  TempDir plain, with_new;
  GeneratorOptions g;
  g.customers = 300;
  g.seed = 4;
  g.write_sessions = false;
  REQUIRE(generate_demo_data(g, plain.path()).has_value());
  g.new_members = 50;
  REQUIRE(generate_demo_data(g, with_new.path()).has_value());
  CHECK(read_file(plain / "purchases.csv") == read_file(with_new / "purchases.csv"));
  const auto customers = lines(read_file(with_new / "customers.csv"));
  CHECK(customers.size() == 1 + 300 + 50);
  CHECK(lines(read_file(with_new / "members.csv")).size() == 1 + 300 + 50);
  std::set<std::string> newcomers;
  for (std::size_t i = 301; i < customers.size(); ++i)
    newcomers.insert(customers[i].substr(0, customers[i].find(',')));
  const auto survey = lines(read_file(with_new / "survey.csv"));
  REQUIRE(!survey.empty());
  CHECK(survey.front() == "cust,favourite_category,reason,preferred_channel");
  CHECK(survey.size() - 1 >= 25);  // about 70% answer
  CHECK(survey.size() - 1 <= 45);
  for (std::size_t i = 1; i < survey.size(); ++i)
    CHECK(newcomers.count(survey[i].substr(0, survey[i].find(','))) == 1);
  CHECK_FALSE(std::filesystem::exists(plain / "survey.csv"));
}
