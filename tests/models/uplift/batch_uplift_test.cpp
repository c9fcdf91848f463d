#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "models/support/batch_inputs.h"
#include "smartstore/models/generator.h"

namespace smartstore::models {
namespace {

using testing::TempDir;

TEST_CASE("uplift_section_and_json_join_the_batch_report_when_exposures_are_given") {
  TempDir dir;
  GeneratorOptions g;
  g.customers = 3000;
  g.seed = 5;
  g.write_sessions = false;
  g.campaigns.simulate = true;
  g.campaigns.planted = {{"star_thank_you", 0.1}};
  g.campaigns.control_bp = 3000;  // enough held-out members per offer in 3,000 customers
  REQUIRE(generate_demo_data(g, dir / "in"));
  BatchOptions o = testing::demo_batch_inputs(dir / "in", dir / "out");
  o.inputs.members = (dir / "in/members.csv").string();
  o.inputs.exposures = (dir / "in/exposures.csv").string();
  o.inputs.campaign_purchases = {(dir / "in/campaign_purchases.csv").string()};
  o.deployment_key = demo_deployment_key();
  testing::small_clustering(o, 1, 2000, 200);
  const auto r = run_profile_batch(o);
  REQUIRE(r);
  const std::string html = testing::read_file(r->report_html);
  CHECK(html.find("<section class=\"uplift\">") != std::string::npos);
  CHECK(html.find("demo-star_thank_you") != std::string::npos);
  const auto j = nlohmann::json::parse(testing::read_file(dir / "out/uplift.json"));
  CHECK(j["first_exposures"].get<int>() > 1000);
  CHECK(j["cells"].size() >= 4);

  // Without exposures the batch is as before: no section, no uplift.json.
  BatchOptions plain = testing::demo_batch_inputs(dir / "in", dir / "plain");
  plain.deployment_key = demo_deployment_key();
  testing::small_clustering(plain, 1, 2000, 200);
  const auto p = run_profile_batch(plain);
  REQUIRE(p);
  CHECK(testing::read_file(p->report_html).find("class=\"uplift\"") == std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir / "plain/uplift.json"));
}

}  // namespace
}  // namespace smartstore::models
