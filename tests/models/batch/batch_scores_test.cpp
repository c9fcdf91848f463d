// ctest-labels: unit
// A shard of the customers scored with everyone's fits (score_customers
// with `global`, facts numbered as everyone's): each customer gets the scores
// the whole batch gives them — what lets a sharded batch score shard by shard.
#include <doctest/doctest.h>

#include <string>
#include <unordered_map>

#include "../../../models/src/batch/batch_state.h"
#include "../../../models/src/predictive/batch_predictions.h"
#include "../../../models/src/segment/member_segments.h"
#include "models/support/batch_inputs.h"
#include "smartstore/models/customer_partition.h"
#include "smartstore/models/generator.h"
#include "support/test_paths.h"

using namespace smartstore::models;
using smartstore::testing::demo_batch_inputs;
using smartstore::testing::TempDir;

namespace {

struct Scored {
  batch::Tables tables;
  batch::Facts facts;
  batch::Scores scores;
  ProfilePredictions predictions;
};

void score(const BatchOptions& o, const batch::Facts* global_facts, const batch::Scores* global,
           const ProfilePredictions* global_predictions, Scored& out) {
  REQUIRE(batch::load_tables(o, out.tables).has_value());
  out.facts = batch::build_facts(out.tables, o, global_facts);
  out.scores = batch::score_customers(out.tables, out.facts, o, global);
  batch::assign_member_segments(out.tables, out.facts, o, out.scores, global);
  const auto conditions = batch::load_demand_conditions(o.inputs);
  REQUIRE(conditions.has_value());
  out.predictions = batch::predict_for_batch(out.tables, out.facts, o, *conditions, global_predictions);
}

// Every score of customer i of `shard` equals that of customer j of `whole`.
void check_same(const Scored& shard, std::size_t i, const Scored& whole, std::size_t j) {
  const auto& a = shard.scores;
  const auto& b = whole.scores;
  CHECK(a.rfmt[i].frequency == b.rfmt[j].frequency);
  CHECK(a.rfmt[i].recency == b.rfmt[j].recency);
  CHECK(a.rfmt[i].T == b.rfmt[j].T);
  CHECK(a.rfmt[i].monetary == b.rfmt[j].monetary);
  CHECK(a.clv[i].clv == b.clv[j].clv);
  CHECK(a.clv[i].expected_purchases == b.clv[j].expected_purchases);
  CHECK(a.tier[i] == b.tier[j]);
  CHECK(a.grade[i] == b.grade[j]);
  CHECK(a.segment[i] == b.segment[j]);
  CHECK(a.cluster[i] == b.cluster[j]);
  CHECK(a.cluster_predicted[i] == b.cluster_predicted[j]);
  CHECK(a.behaviour[i] == b.behaviour[j]);
  const std::size_t m = b.model.categories.size();
  for (std::size_t c = 0; c < m; ++c) CHECK(a.index[i * m + c] == b.index[j * m + c]);
  CustomerProfile p, q;
  apply_predictions(shard.predictions, static_cast<std::uint32_t>(i), p);
  apply_predictions(whole.predictions, static_cast<std::uint32_t>(j), q);
  CHECK(p.companion_products == q.companion_products);
  CHECK(p.companion_if == q.companion_if);
  CHECK(p.companion_lift == q.companion_lift);
  CHECK(p.recommended_categories == q.recommended_categories);
  CHECK(p.next_purchase_date == q.next_purchase_date);
  CHECK(p.expected_spend_krw == q.expected_spend_krw);
}

}  // namespace

TEST_CASE("three shards scored with everyone's fits score every customer as the whole batch does") {
  TempDir dir;
  GeneratorOptions g;
  g.customers = 4000;
  g.seed = 5;
  g.stores = 3;
  g.new_members = 60;
  REQUIRE(generate_demo_data(g, dir.path() / "in").has_value());
  BatchOptions o = demo_batch_inputs(dir.path() / "in", dir.path() / "out");
  o.inputs.sessions = (dir.path() / "in/sessions.csv").string();
  o.fit_sample = 400;  // the fits' samples are the whole batch's, not the shard's
  smartstore::testing::small_clustering(o, 2, 300, 200);
  Scored whole;
  score(o, nullptr, nullptr, nullptr, whole);
  REQUIRE(whole.scores.k > 1);
  REQUIRE(whole.scores.classifier_placed > 0);
  REQUIRE(!whole.predictions.companion_rules.empty());  // members without purchases, placed by the classifier
  std::unordered_map<std::string, std::size_t> index;
  for (std::size_t j = 0; j < whole.facts.n; ++j) index.emplace(std::string(whole.facts.cust[j]), j);
  const batch::Scores global = batch::global_part(whole.scores);

  constexpr std::uint32_t kShards = 3;
  std::vector<std::vector<std::filesystem::path>> parts;
  std::filesystem::create_directories(dir.path() / "parts");
  for (const char* file : {"purchases", "customers", "sessions"}) {
    const auto split = partition_csv(dir.path() / "in" / (std::string(file) + ".csv"), "cust", kShards,
                                     dir.path() / "parts");
    REQUIRE_MESSAGE(split.has_value(), smartstore::testing::error_text(split));
    parts.push_back(split->parts);
  }
  std::size_t scored = 0;
  for (std::uint32_t s = 0; s < kShards; ++s) {
    BatchOptions so = o;
    so.inputs.purchases = parts[0][s].string();
    so.inputs.customers = parts[1][s].string();
    so.inputs.sessions = parts[2][s].string();
    Scored shard;
    score(so, &whole.facts, &global, &whole.predictions, shard);
    CHECK(shard.facts.as_of == whole.facts.as_of);
    CHECK(shard.scores.bg->params.r == whole.scores.bg->params.r);
    for (std::size_t i = 0; i < shard.facts.n; ++i) {
      const auto j = index.find(std::string(shard.facts.cust[i]));
      REQUIRE(j != index.end());
      check_same(shard, i, whole, j->second);
      ++scored;
    }
  }
  CHECK(scored == whole.facts.n);
}
