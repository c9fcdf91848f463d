// ctest-labels: integration
// Ground truth: the generator plants a known effect on one demo offer in the
// weeks after the store days (GeneratorOptions::campaigns), and the report,
// reading the files as smartstore-models uplift does, must find it, and must
// find nothing where nothing was planted.
#include <doctest/doctest.h>

#include <string>

#include "models/support/planted_uplift.h"
#include "smartstore/models/generator.h"
#include "smartstore/models/uplift_inputs.h"
#include "support/test_paths.h"

namespace smartstore::models {
namespace {

using testing::TempDir;

Result<UpliftReport> planted_run(const TempDir& dir, std::int64_t customers, std::uint64_t seed,
                                 double effect, std::uint32_t control_bp = 1000) {
  const auto generated =
      generate_demo_data(testing::planted_uplift(customers, seed, effect, control_bp), dir.path());
  REQUIRE(generated);
  REQUIRE(generated->exposures > 0);
  const UpliftFiles files = testing::planted_uplift_files(dir.path());
  return uplift_report_from_files(files, UpliftWindow{});
}

const UpliftCell& campaign_row(const UpliftReport& r, const std::string& offer) {
  for (const auto& c : r.cells)
    if (c.campaign == "demo-" + offer && c.offer == "*" && c.segment == "*") return c;
  FAIL("no row for " << offer);
  return r.cells.front();
}

// Five seeds of 100,000 customers with half of each campaign held out: about
// 7,500 members in each group per offer, intervals about ±5 points wide. The
// demo's 20,000 customers with 10 % held out give about ±17 points, too wide
// to tell 10 % from 0 (docs/uplift.md). Spend is heavy-tailed, so single
// intervals miss more often than 5 %: the test asks for the truth in 4 of 5.
TEST_CASE("uplift_planted_10_percent_is_covered_and_excludes_zero") {
  int covered = 0, excludes_zero = 0, others_cover_zero = 0, other_rows = 0;
  double sum = 0;
  for (std::uint64_t seed = 9; seed <= 13; ++seed) {
    TempDir dir;
    const auto r = planted_run(dir, 100000, seed, 0.10, 5000);
    REQUIRE(r);
    const UpliftCell& star = campaign_row(*r, "star_thank_you");
    REQUIRE(star.estimate);
    const Interval& rel = star.estimate->cuped.relative;
    INFO("seed " << seed << " star_thank_you: " << rel.estimate << " [" << rel.low << ", " << rel.high
                 << "]");
    covered += rel.covers(0.10) ? 1 : 0;
    excludes_zero += rel.excludes_zero() ? 1 : 0;
    sum += rel.estimate;
    CHECK(std::abs(star.estimate->pre_period_smd) < 0.1);
    // The other demo offers had no effect planted.
    for (const auto& offer : demo_campaign_offers()) {
      if (offer == "star_thank_you") continue;
      const UpliftCell& row = campaign_row(*r, offer);
      REQUIRE(row.estimate);
      ++other_rows;
      others_cover_zero += row.estimate->cuped.relative.covers(0) ? 1 : 0;
    }
  }
  INFO("covered " << covered << ", excluded 0 " << excludes_zero << " of 5; mean " << sum / 5
                  << "; offers without an effect covered 0 in " << others_cover_zero << " of " << other_rows);
  CHECK(covered >= 4);
  CHECK(excludes_zero >= 4);
  CHECK(std::abs(sum / 5 - 0.10) < 0.03);
  CHECK(others_cover_zero >= 13);
}

TEST_CASE("uplift_without_a_planted_effect_covers_zero_in_18_of_20_seeds") {
  int covered = 0, covered_all_offers = 0, rows = 0;
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    TempDir dir;
    const auto r = planted_run(dir, 20000, seed, 0.0);
    REQUIRE(r);
    const UpliftCell& star = campaign_row(*r, "star_thank_you");
    REQUIRE(star.estimate);
    covered += star.estimate->cuped.relative.covers(0) ? 1 : 0;
    for (const auto& offer : demo_campaign_offers()) {
      const UpliftCell& row = campaign_row(*r, offer);
      REQUIRE(row.estimate);
      ++rows;
      covered_all_offers += row.estimate->cuped.relative.covers(0) ? 1 : 0;
    }
  }
  INFO("star_thank_you covered 0 in " << covered << " of 20; all offers " << covered_all_offers << " of "
                                      << rows);
  CHECK(covered >= 18);
  // Every offer of every seed: 95 % nominal, 72 of 80 is 1.6 sd below it.
  CHECK(covered_all_offers >= 72);
}

TEST_CASE("uplift_simulation_leaves_the_history_files_unchanged") {
  TempDir plain, planted;
  GeneratorOptions o;
  o.customers = 3000;
  o.seed = 3;
  REQUIRE(generate_demo_data(o, plain.path()));
  o.campaigns.simulate = true;
  o.campaigns.planted = {{"star_thank_you", 0.1}};
  REQUIRE(generate_demo_data(o, planted.path()));
  for (const char* file : {"customers.csv", "purchases.csv", "members.csv", "sessions.csv"})
    CHECK(testing::read_file(plain / file) == testing::read_file(planted / file));
  CHECK(std::filesystem::exists(planted / "exposures.csv"));
  CHECK_FALSE(std::filesystem::exists(plain / "exposures.csv"));
}

TEST_CASE("uplift_plant_option_names_what_is_wrong") {
  const auto ok = parse_planted_uplift("star_thank_you=0.10,segment_at_risk=0");
  REQUIRE(ok);
  REQUIRE(ok->size() == 2);
  CHECK((*ok)[0].offer == "star_thank_you");
  CHECK((*ok)[0].effect == doctest::Approx(0.10));
  for (const char* bad : {"", "star", "star=", "=0.1", "star=abc", "star=-1", "star=0.1,"}) {
    const auto r = parse_planted_uplift(bad);
    INFO(bad);
    if (std::string(bad) == "star=0.1,") {
      CHECK(r);  // a trailing comma ends the list
      continue;
    }
    REQUIRE_FALSE(r);
    CHECK(r.error().kind() == ErrorKind::invalid_input);
  }
}

}  // namespace
}  // namespace smartstore::models
