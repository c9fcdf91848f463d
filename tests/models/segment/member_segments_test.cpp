// ctest-labels: integration
// The batch places members without purchases with report 002's classifier,
// evaluated by hiding what is known of clustered members: on report 001's
// marketing-insights data (real) and on generated demo data.
#include <doctest/doctest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "models/support/batch_inputs.h"
#include "models/support/snapshot_profiles.h"
#include "smartstore/models/generator.h"
#include "smartstore/models/member_key.h"
#include "smartstore/models/profile_batch.h"
#include "smartstore/models/snapshot_format.h"
#include "support/test_paths.h"

using namespace smartstore::models;
using smartstore::testing::error_text;
using smartstore::testing::read_file;
using smartstore::testing::TempDir;

namespace {
nlohmann::json classifier_of(const BatchOptions& o) {
  const auto r = run_profile_batch(o);
  REQUIRE_MESSAGE(r.has_value(), error_text(r));
  return nlohmann::json::parse(read_file(r->summary_json))["segment_classifier"];
}
}  // namespace

// Measured figures (docs/models-evaluation.md): sign-up facts alone do not
// beat the majority class, so the batch places members by it; sign-up plus the
// first visit day does on this real data.
TEST_CASE("classifier_on_mi_data_signup_facts_lose_to_the_majority_class_first_visits_beat_it") {
  TempDir dir;
  BatchOptions o = smartstore::testing::mi_batch_inputs(dir.path());
  o.deployment_key.assign(32, 0x5a);
  const auto j = classifier_of(o);
  CHECK(j["evaluated_members"] == 1468);
  const auto& signup = j["signup"];
  CHECK(signup["majority"]["cases"] == 293);
  CHECK(signup["majority"]["accuracy"].get<double>() == doctest::Approx(0.5119).epsilon(1e-3));
  CHECK(signup["majority"]["macro_f1"].get<double>() == doctest::Approx(0.3386).epsilon(1e-3));
  CHECK(signup["logit"]["accuracy"].get<double>() == doctest::Approx(0.4983).epsilon(1e-3));
  CHECK(signup["logit"]["accuracy"].get<double>() < signup["majority"]["accuracy"].get<double>());
  CHECK(signup["nearest_centroid"]["accuracy"].get<double>() < signup["majority"]["accuracy"].get<double>());
  CHECK(signup["chosen"] == "majority class");
  const auto& visit = j["signup_first_visit"];
  CHECK(visit["nearest_centroid"]["accuracy"].get<double>() == doctest::Approx(0.5870).epsilon(1e-3));
  CHECK(visit["nearest_centroid"]["macro_f1"].get<double>() == doctest::Approx(0.5869).epsilon(1e-3));
  CHECK(visit["logit"]["accuracy"].get<double>() == doctest::Approx(0.5700).epsilon(1e-3));
  for (const char* model : {"logit", "nearest_centroid"}) {
    CHECK(visit[model]["accuracy"].get<double>() > visit["majority"]["accuracy"].get<double>());
    CHECK(visit[model]["macro_f1"].get<double>() > visit["majority"]["macro_f1"].get<double>());
  }
  CHECK(visit["chosen"] == "nearest centroid");
}

TEST_CASE("classifier_on_demo_data_places_members_without_purchases_flagged_as_predicted") {
  TempDir dir;
  GeneratorOptions g;
  g.customers = 2000;
  g.seed = 12;
  g.write_sessions = false;
  REQUIRE(generate_demo_data(g, dir / "in").has_value());
  const std::string stores = read_file(dir / "in/stores.csv");  // br_c,zon_hlv: S001's zone first
  const auto first = stores.find('\n') + 1;
  const std::string zone =
      stores.substr(stores.find(',', first) + 1, stores.find('\n', first) - stores.find(',', first) - 1);
  {
    std::ofstream more(dir / "in/customers.csv", std::ios::app);
    for (int i = 0; i < 30; ++i) more << "NEW" << i << "," << (i % 2 ? "F" : "M") << ",30대," << zone << "\n";
  }
  BatchOptions o = smartstore::testing::demo_batch_inputs(dir / "in", dir / "out");
  o.inputs.store_zones = (dir / "in/stores.csv").string();
  o.deployment_key.assign(32, 0x5a);
  // Even-numbered new members answered the sign-up survey: favourite 가구 (furniture).
  MemberKeyer keyer(o.deployment_key);
  std::string survey = "member_key,favourite_category\n";
  std::set<std::string> answered;
  for (int i = 0; i < 30; i += 2) answered.insert(keyer.key("NEW" + std::to_string(i)));
  for (const auto& k : answered) survey += k + ",가구\n";
  smartstore::testing::write_file(dir / "in/survey.csv", survey);
  o.inputs.survey = (dir / "in/survey.csv").string();
  const auto r = run_profile_batch(o);
  REQUIRE_MESSAGE(r.has_value(), error_text(r));
  const auto summary = nlohmann::json::parse(read_file(r->summary_json));
  const auto& j = summary["segment_classifier"];
  CHECK(j["evaluated_members"] == 2000);
  CHECK(j["placed_members"] == 30);
  CHECK(read_file(r->report_html).find("chosen: majority class.") != std::string::npos);
  const auto& signup = j["signup"];
  CHECK(signup["majority"]["accuracy"].get<double>() == doctest::Approx(0.7075).epsilon(1e-3));
  CHECK(signup["majority"]["macro_f1"].get<double>() == doctest::Approx(0.4143).epsilon(1e-3));
  CHECK(signup["nearest_centroid"]["accuracy"].get<double>() == doctest::Approx(0.5225).epsilon(1e-3));
  CHECK(signup["logit"]["accuracy"].get<double>() <= signup["majority"]["accuracy"].get<double>());
  CHECK(signup["chosen"] == "majority class");
  const auto& visit = j["signup_first_visit"];
  CHECK(visit["logit"]["macro_f1"].get<double>() == doctest::Approx(0.5848).epsilon(1e-3));
  CHECK(visit["logit"]["accuracy"].get<double>() == doctest::Approx(0.7025).epsilon(1e-3));
  CHECK(visit["nearest_centroid"]["macro_f1"].get<double>() == doctest::Approx(0.6324).epsilon(1e-3));

  // The majority cluster (the classifier lost) for every member without purchases, flagged.
  int majority = -1;
  std::int64_t most = -1;
  for (const auto& c : summary["kmeans"]["clusters"])
    if (c["customers"].get<std::int64_t>() > most) most = c["customers"], majority = c["id"];
  std::size_t new_members = 0, seeded = 0;
  for (const auto& p : smartstore::testing::snapshot_profiles(*r)) {
    CHECK(p.cluster >= 0);
    CHECK(p.cluster_predicted == (p.purchase_days == 0));
    if (p.purchase_days > 0) continue;
    ++new_members;
    CHECK(p.cluster == majority);
    // What the kiosk welcomes them with: the cluster's most bought category.
    CHECK_FALSE(p.cluster_category.empty());
    REQUIRE(!p.preferences.empty());
    // survey_: an answer puts the favourite first; without one it is not (30대 men and women in the demo).
    if (answered.count(p.member_key)) {
      ++seeded;
      CHECK(p.preferences.front().category == "가구");
      CHECK(p.survey_favourite == "가구");
    } else {
      CHECK(p.survey_favourite.empty());
      CHECK(p.preferences.front().category != "가구");
    }
  }
  CHECK(seeded >= 15);
  CHECK(new_members >= 30);  // each in the snapshot of the store in their zone
}
