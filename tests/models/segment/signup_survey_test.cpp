// The sign-up survey's favourite category seeds the preferences of a member
// who has not bought anything yet.
#include <doctest/doctest.h>

#include "smartstore/models/signup_survey.h"
#include "support/test_paths.h"

using namespace smartstore::models;
using smartstore::testing::TempDir;
using smartstore::testing::write_file;

namespace {
// Report 000's two-category worked example: priors 0.3 / 0.7 there; here the
// likelihoods favour men's clothing for a man in his 20s by 0.25 vs 0.08.
PreferenceModel two_categories() {
  PreferenceModel m;
  m.categories = {"여성의류", "남성의류"};
  m.p_age_given_category["여성의류"]["20s"] = 0.4;
  m.p_age_given_category["남성의류"]["20s"] = 0.5;
  m.p_gender_given_category["여성의류"]["M"] = 0.2;
  m.p_gender_given_category["남성의류"]["M"] = 0.5;
  return m;
}
}  // namespace

TEST_CASE("survey_favourite_category_leads_a_new_members_preferences") {
  const auto model = two_categories();
  // Without an answer the demographics decide: men's clothing first.
  const auto plain = preference_indices(model, {}, "20s", "M");
  CHECK(plain.front().category == "남성의류");
  // Answering women's clothing (a gift buyer, say) counts as 5 purchases there:
  // prior 6/7 vs 1/7 outweighs the likelihood ratio 0.08 / 0.25.
  const auto seeded = survey_preferences(model, "여성의류", "20s", "M", 5);
  REQUIRE(seeded.size() == 2);
  CHECK(seeded.front().category == "여성의류");
  CHECK(seeded.front().index == doctest::Approx(100.0));
  CHECK(seeded.front().count == 0);  // pseudo-purchases are not purchases
  // Weight 1 is not enough against these likelihoods: the ranking stays Bayesian.
  CHECK(survey_preferences(model, "여성의류", "20s", "M", 1).front().category == "남성의류");
  // A category the model does not know leaves the plain ranking.
  CHECK(survey_preferences(model, "우주여행", "20s", "M", 5).front().category == "남성의류");
}

TEST_CASE("survey_file_is_keyed_by_member_key_and_errors_name_file_and_line") {
  TempDir dir;
  const std::string key(64, 'a');
  write_file(dir / "survey.csv", "member_key,favourite_category,reason,preferred_channel\n" + key +
                                     ",여성의류,gift,app\n" + std::string(64, 'b') + ",,none,offline\n");
  const auto read = read_signup_surveys(dir / "survey.csv");
  REQUIRE(read.has_value());
  CHECK(read->favourite.size() == 1);
  CHECK(read->favourite.at(key) == "여성의류");

  write_file(dir / "raw.csv", "member_key,favourite_category\n8710123456789012,과자\n");
  const auto raw = read_signup_surveys(dir / "raw.csv");
  REQUIRE_FALSE(raw.has_value());
  CHECK(raw.error().message().find("raw.csv:2: column member_key") != std::string::npos);
  write_file(dir / "header.csv", "cust,category\nM1,과자\n");
  CHECK(read_signup_surveys(dir / "header.csv").error().message().find("header.csv:1:") != std::string::npos);
}
