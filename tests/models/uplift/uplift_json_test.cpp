#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <vector>

#include "smartstore/models/uplift_output.h"

namespace smartstore::models {
namespace {

// Two cells: one with an estimate (the estimator's worked example), one too small.
UpliftReport sample_report() {
  const std::vector<UpliftObservation> obs = {{true, 10, 9, 0, true, 3},   {true, 12, 12, 0, false, 0},
                                              {true, 14, 13, 0, true, 3},  {true, 16, 17, 0, false, 0},
                                              {false, 8, 8, 0, false, 0},  {false, 10, 9, 0, false, 0},
                                              {false, 12, 13, 0, false, 0}};
  UpliftReport r;
  r.data_end = *parse_date("2023-01-20");
  r.exposures = 9;
  r.first_exposures = 8;
  UpliftCell known{"C <1>", "O", "*", 4, 3, *estimate_uplift(obs), ""};
  UpliftCell small{"C <1>", "O", "B", 1, 1, std::nullopt, "uplift needs at least 2 members in each group"};
  r.cells = {known, small};
  return r;
}

TEST_CASE("uplift_json_carries_groups_intervals_and_money_with_cuped_as_the_headline") {
  const auto j = nlohmann::json::parse(uplift_report_json(sample_report()));
  CHECK(j["window_days"] == 14);
  CHECK(j["pre_days"] == 365);
  CHECK(j["data_end"] == "2023-01-20");
  REQUIRE(j["cells"].size() == 2);
  const auto& c = j["cells"][0];
  CHECK(c["campaign"] == "C <1>");
  CHECK(c["treated"]["members"] == 4);
  CHECK(c["treated"]["redemption_rate"].get<double>() == doctest::Approx(0.5));
  CHECK(c["raw"]["uplift_krw"]["estimate"].get<double>() == doctest::Approx(3));
  CHECK(c["uplift_krw"]["estimate"].get<double>() == doctest::Approx(14.0 / 19.0));
  CHECK(c["discount_cost_krw"].get<double>() == doctest::Approx(6));
  CHECK(c["significant"] == false);
  CHECK(c["balanced"] == false);  // the toy's pre-period is far apart
  CHECK(j["cells"][1]["note"].get<std::string>().find("at least 2") != std::string::npos);
  CHECK_FALSE(j["cells"][1].contains("uplift_krw"));
}

TEST_CASE("uplift_table_has_a_row_per_cell") {
  const std::string t = uplift_report_table(sample_report());
  CHECK(t.find("too few members") != std::string::npos);
  CHECK(t.find("C <1>") != std::string::npos);
  CHECK(t.find("excludes 0") != std::string::npos);
}

}  // namespace
}  // namespace smartstore::models
