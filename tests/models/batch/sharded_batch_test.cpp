// ctest-labels: integration
// The sharded batch (sharded_batch.h) writes the same snapshots as the
// in-memory batch: parts run one by one as a job array would, then merged;
// and the whole batch under a memory budget far below its own size.
#include <doctest/doctest.h>

#include <map>
#include <set>
#include <string>

#include "models/support/batch_inputs.h"
#include "models/support/sharded_runs.h"
#include "models/support/store_events_file.h"
#include "smartstore/models/generator.h"
#include "smartstore/models/sharded_batch.h"
#include "smartstore/models/snapshot_format.h"
#include "support/test_paths.h"

using namespace smartstore::models;
using smartstore::testing::check_same;
using smartstore::testing::error_text;
using smartstore::testing::keyed;
using smartstore::testing::mi_batch_inputs;
using smartstore::testing::read_file;
using smartstore::testing::run_parts;
using smartstore::testing::snapshots;
using smartstore::testing::TempDir;

namespace {

BatchOptions demo(const TempDir& dir, std::size_t customers, int stores = 4) {
  return smartstore::testing::sharded_demo(dir, customers, stores);
}

}  // namespace

TEST_CASE("three parts and their merge write the in-memory batch's snapshots (demo data)") {
  const TempDir dir;
  const BatchOptions o = demo(dir, 800);
  const auto whole = run_profile_batch(o);
  REQUIRE_MESSAGE(whole.has_value(), error_text(whole));
  run_parts(o, dir / "sharded", 3);
  check_same(snapshots(dir / "whole"), snapshots(dir / "sharded"));
}

TEST_CASE("two parts and their merge write the in-memory batch's snapshots (report 001's data set)") {
  const TempDir dir;
  const BatchOptions o = keyed(mi_batch_inputs(dir.path()));
  const auto whole = run_profile_batch(o);
  REQUIRE_MESSAGE(whole.has_value(), error_text(whole));
  run_parts(o, dir / "sharded", 2);
  check_same(snapshots(o.out_dir), snapshots(dir / "sharded"));
}

TEST_CASE("fits on a sample: parts, and a tiny memory budget, equal the in-memory batch on that sample") {
  const TempDir dir;
  BatchOptions o = demo(dir, 1500);
  o.fit_customers = 500;  // the fits see about a third of the customers
  const auto whole = run_profile_batch(o);
  REQUIRE_MESSAGE(whole.has_value(), error_text(whole));
  run_parts(o, dir / "sharded", 4);
  const auto reference = snapshots(dir / "whole");
  check_same(reference, snapshots(dir / "sharded"));

  BatchOptions budget = o;
  budget.out_dir = dir / "budget";
  // About 2 MB of CSV: 1 MiB makes the batch take it in many parts.
  const auto bounded = run_budget_batch(budget, 1ULL << 20);
  REQUIRE_MESSAGE(bounded.has_value(), error_text(bounded));
  CHECK(bounded->customers == whole->customers);
  CHECK(bounded->purchases == whole->purchases);
  CHECK(!std::filesystem::exists(dir / "budget/spill"));
  check_same(reference, snapshots(dir / "budget"));

  // Without the sample the fits differ, and so do some profiles.
  BatchOptions everyone = o;
  everyone.fit_customers = 0;
  everyone.out_dir = dir / "everyone";
  REQUIRE(run_profile_batch(everyone).has_value());
  CHECK(snapshots(dir / "everyone").begin()->second.bytes != reference.begin()->second.bytes);
}

TEST_CASE("many parts of few customers: a store some part never sold at still gets its zone's customers") {
  const TempDir dir;
  BatchOptions o = demo(dir, 300, 8);
  o.fit_customers = 100;
  const auto whole = run_profile_batch(o);
  REQUIRE_MESSAGE(whole.has_value(), error_text(whole));
  run_parts(o, dir / "sharded", 24);  // a dozen customers a part
  check_same(snapshots(dir / "whole"), snapshots(dir / "sharded"));
}

TEST_CASE("the merge names a missing part; a part refuses inputs that need everyone") {
  const TempDir dir;
  BatchOptions o = demo(dir, 400);
  o.out_dir = dir / "sharded";
  REQUIRE(run_batch_part(o, {0, 2}).has_value());
  const auto merged = merge_batch_parts(o.out_dir, 2);
  REQUIRE_FALSE(merged.has_value());
  CHECK(merged.error().kind() == smartstore::ErrorKind::not_found);
  CHECK(merged.error().message().find("part 1 of 2") != std::string::npos);

  o.inputs.exposures = (dir / "in/customers.csv").string();
  const auto refused = run_batch_part(o, {1, 2});
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().kind() == smartstore::ErrorKind::invalid_input);
  CHECK(refused.error().message().find("--exposures") != std::string::npos);
  CHECK(refused.error().message().find("made at the merge") != std::string::npos);
}

namespace {

// The demo chain with the stores' events of every third member.
BatchOptions with_events(const TempDir& dir, std::size_t customers) {
  BatchOptions o = demo(dir, customers);
  const auto written =
      smartstore::testing::write_demo_store_events(dir / "in", dir / "events.csv", o.deployment_key);
  REQUIRE(written.members > 0);
  o.inputs.events = (dir / "events.csv").string();
  return o;
}

void check_same_counts(const StoreEventsOutcome& a, const StoreEventsOutcome& b) {
  CHECK(a.rows == b.rows);
  CHECK(a.members == b.members);
  CHECK(a.unknown_members == b.unknown_members);
  CHECK(a.sold_counted == b.sold_counted);
  CHECK(a.sold_on_till == b.sold_on_till);
  CHECK(a.items_unresolved == b.items_unresolved);
}

}  // namespace

TEST_CASE("with the stores' events, three parts write the in-memory batch's snapshots") {
  const TempDir dir;
  const BatchOptions o = with_events(dir, 900);
  const auto whole = run_profile_batch(o);
  REQUIRE_MESSAGE(whole.has_value(), error_text(whole));
  CHECK(whole->store_events.members > 0);
  CHECK(whole->store_events.sold_on_till > 0);
  run_parts(o, dir / "sharded", 3);
  const auto reference = snapshots(dir / "whole");
  check_same(reference, snapshots(dir / "sharded"));

  // The events show: without them the snapshots differ.
  BatchOptions plain = o;
  plain.inputs.events.clear();
  plain.out_dir = dir / "plain";
  REQUIRE(run_profile_batch(plain).has_value());
  CHECK(snapshots(dir / "plain").begin()->second.bytes != reference.begin()->second.bytes);
}

TEST_CASE(
    "with the stores' events and fits on a sample: two parts and a tiny budget equal the in-memory batch") {
  const TempDir dir;
  BatchOptions o = with_events(dir, 1500);
  o.fit_customers = 500;
  const auto whole = run_profile_batch(o);
  REQUIRE_MESSAGE(whole.has_value(), error_text(whole));
  const auto reference = snapshots(dir / "whole");
  run_parts(o, dir / "sharded", 2);
  check_same(reference, snapshots(dir / "sharded"));

  BatchOptions budget = o;
  budget.out_dir = dir / "budget";
  const auto bounded = run_budget_batch(budget, 1ULL << 20);
  REQUIRE_MESSAGE(bounded.has_value(), error_text(bounded));
  CHECK(!std::filesystem::exists(dir / "budget/spill"));
  check_same(reference, snapshots(dir / "budget"));
  check_same_counts(whole->store_events, bounded->store_events);
  CHECK(bounded->store_events.unknown_members == 5);
}

TEST_CASE("a budget run without --fit-customers fits on part 0's files and drops each part's after it ran") {
  const TempDir dir;
  const BatchOptions base = with_events(dir, 900);
  BatchOptions o = base;
  o.out_dir = dir / "budget";
  const auto spill = o.out_dir / "spill";
  std::vector<std::set<std::string>> seen;  // the spill's files as each part began
  o.progress = [&seen, spill](const std::string& stage, double) {
    if (stage.rfind("part ", 0) != 0) return;  // the fit pass, the merge
    std::set<std::string> files;
    for (const auto& f : std::filesystem::directory_iterator(spill))
      files.insert(f.path().filename().string());
    seen.push_back(files);
  };
  const auto bounded = run_budget_batch(o, 1ULL << 20);
  REQUIRE_MESSAGE(bounded.has_value(), error_text(bounded));
  CHECK(!std::filesystem::exists(spill));
  REQUIRE(seen.size() > 2);
  for (std::size_t p = 0; p < seen.size(); ++p) {
    CAPTURE(p);
    for (const auto& name : seen[p]) CHECK(name.find("sample") == std::string::npos);
    for (const char* stem : {"purchases.", "customers.", "sessions.", "members.", "store-events."}) {
      const std::string file = stem + std::to_string(p) + ".csv";
      CHECK(seen[p].count(file) == 1);
      if (p > 0) CHECK(seen[p].count(stem + std::to_string(p - 1) + ".csv") == 0);
    }
  }
  const auto in_memory = run_profile_batch(base);
  REQUIRE_MESSAGE(in_memory.has_value(), error_text(in_memory));
  CHECK(bounded->customers == in_memory->customers);
  CHECK(bounded->purchases == in_memory->purchases);
  check_same_counts(in_memory->store_events, bounded->store_events);
  CHECK(snapshots(dir / "budget").size() == snapshots(dir / "whole").size());
}
