#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "models/support/batch_inputs.h"
#include "models/support/planted_uplift.h"
#include "models/support/sharded_runs.h"
#include "smartstore/common/private_file.h"
#include "smartstore/models/generator.h"
#include "smartstore/models/sharded_batch.h"
#include "smartstore/models/uplift_inputs.h"

namespace smartstore::models {
namespace {

using testing::TempDir;

// The demo chain with a planted 10 % uplift and its exposures, in dir/in.
BatchOptions planted(const TempDir& dir, const std::filesystem::path& out, std::int64_t customers = 2000,
                     std::uint64_t seed = 7) {
  if (!std::filesystem::exists(dir / "in/exposures.csv"))
    REQUIRE(generate_demo_data(testing::planted_uplift(customers, seed, 0.1, 3000), dir / "in"));
  BatchOptions o = testing::demo_batch_inputs(dir / "in", out);
  o.inputs.members = (dir / "in/members.csv").string();
  o.inputs.exposures = (dir / "in/exposures.csv").string();
  o.inputs.campaign_purchases = {(dir / "in/campaign_purchases.csv").string()};
  o.deployment_key = demo_deployment_key();
  testing::small_clustering(o, 1, 1000, 200);
  return o;
}

// The report's uplift section (empty when it has none).
std::string uplift_section(const std::filesystem::path& report_html) {
  const std::string html = testing::read_file(report_html);
  const auto begin = html.find("<section class=\"uplift\">");
  if (begin == std::string::npos) return {};
  return html.substr(begin, html.find("</section>", begin) + 10 - begin);
}

// Every cell's every number (uplift.json prints each double to round-trip,
// so equal text is equal bits), the counts and the report's section.
void check_same_uplift(const std::filesystem::path& a, const std::filesystem::path& b) {
  const auto ja = nlohmann::json::parse(testing::read_file(a / "uplift.json"));
  const auto jb = nlohmann::json::parse(testing::read_file(b / "uplift.json"));
  for (const char* field : {"data_end", "exposures", "first_exposures", "censored"})
    CHECK_MESSAGE(ja[field] == jb[field], field);
  REQUIRE(ja["cells"].size() == jb["cells"].size());
  for (std::size_t i = 0; i < ja["cells"].size(); ++i)
    for (const auto& item : ja["cells"][i].items()) {
      const std::string field = item.key();  // not a structured binding: clang 14 cannot capture one
      CHECK_MESSAGE(item.value() == jb["cells"][i][field], "cell " << i << " " << field);
    }
  CHECK(testing::read_file(a / "uplift.json") == testing::read_file(b / "uplift.json"));
  const std::string section = uplift_section(a / "report.html");
  CHECK(section.find("demo-star_thank_you") != std::string::npos);
  CHECK(section == uplift_section(b / "report.html"));
}

TEST_CASE("uplift_section_and_json_join_the_batch_report_when_exposures_are_given") {
  TempDir dir;
  const BatchOptions o = planted(dir, dir / "out", 3000, 5);
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

TEST_CASE("a memory budget's run and a job array's merge carry the in-memory batch's uplift report") {
  TempDir dir;
  const BatchOptions o = planted(dir, dir / "whole");
  const auto whole = run_profile_batch(o);
  REQUIRE_MESSAGE(whole, testing::error_text(whole));

  BatchOptions budget = o;
  budget.out_dir = dir / "budget";
  const auto bounded = run_budget_batch(budget, 1ULL << 20);  // many parts
  REQUIRE_MESSAGE(bounded, testing::error_text(bounded));
  check_same_uplift(dir / "whole", dir / "budget");
  CHECK_FALSE(std::filesystem::exists(staged_uplift_section(dir / "budget")));

  // A job array: the parts refuse the exposures, the merge makes the report.
  BatchOptions part = o;
  part.inputs.exposures.clear();
  part.out_dir = dir / "array";
  BatchOptions exposed = o;
  exposed.out_dir = part.out_dir;
  const auto refused = run_batch_part(exposed, {0, 2});
  REQUIRE_FALSE(refused);
  CHECK(refused.error().kind() == ErrorKind::invalid_input);
  CHECK(refused.error().message().find("merge --exposures") != std::string::npos);
  for (std::uint32_t p = 0; p < 2; ++p) REQUIRE(run_batch_part(part, {p, 2}));
  const auto merged = merge_batch_parts_with_uplift(exposed, 2);
  REQUIRE_MESSAGE(merged, testing::error_text(merged));
  check_same_uplift(dir / "whole", dir / "array");

  // A later merge without exposures carries no section an earlier one staged.
  REQUIRE(write_private_file(staged_uplift_section(part.out_dir), "<section class=\"uplift\">old</section>"));
  for (std::uint32_t p = 0; p < 2; ++p) REQUIRE(run_batch_part(part, {p, 2}));
  REQUIRE(merge_batch_parts_with_uplift(part, 2));
  CHECK(uplift_section(part.out_dir / "report.html").empty());
}

}  // namespace
}  // namespace smartstore::models
