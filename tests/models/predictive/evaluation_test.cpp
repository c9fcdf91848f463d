// ctest-labels: integration
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "smartstore/models/evaluation.h"
#include "smartstore/models/predictive_cli.h"
#include "support/test_paths.h"

using namespace smartstore::models;

TEST_CASE("evaluate prints every metric with its baseline on the shared data") {
  std::ostringstream out, err;
  const int rc = predictive_cli::run_evaluate(
      {"--data-dir", smartstore::testing::data_path("analytics").string(), "--json"}, out, err);
  INFO(err.str());
  REQUIRE(rc == 0);
  const auto j = nlohmann::json::parse(out.str());
  std::map<std::string, int> metrics;
  for (const auto& m : j["metrics"]) {
    metrics[m["metric"].get<std::string>()]++;
    CHECK(m["cases"].get<std::size_t>() > 0);
    CHECK(m["beats_baseline"].is_boolean());
  }
  CHECK(metrics["HR@5"] == 4);  // category and SKU, against popularity and last session
  CHECK(metrics["nDCG@5"] == 4);
  CHECK(metrics["HR@2 new category"] == 2);  // SGD matrix factorization and implicit ALS
  CHECK(metrics["RMSE days"] == 1);
  CHECK(metrics["RMSLE"] == 1);
  // casual, registered, cnt: with weather vs naive, vs without; without vs naive
  CHECK(metrics["RMSE 1 day"] == 9);
  CHECK(metrics["RMSE 1 week"] == 9);
  CHECK(metrics["RMSE 1 month (28 d)"] == 9);
  const std::string notes = j["notes"].dump();
  CHECK(notes.find("5668 rules") != std::string::npos);

  std::ostringstream table;
  REQUIRE(predictive_cli::run_evaluate({"--data-dir", smartstore::testing::data_path("analytics").string()},
                                       table, err) == 0);
  CHECK(table.str().find("baseline") != std::string::npos);

  std::ostringstream out2, err2;
  CHECK(predictive_cli::run_evaluate({"--data-dir", "/nonexistent"}, out2, err2) == 2);
  CHECK(err2.str().find("cannot open") != std::string::npos);
}
