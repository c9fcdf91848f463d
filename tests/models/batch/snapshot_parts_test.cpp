// ctest-labels: integration
// A part's run of each store's snapshot and the merge that lays the runs end
// to end (snapshot_parts.cpp): whole chunks a part writes in place, pieces
// copied into the chunks between parts, and runs that do not fit refused.
#include <doctest/doctest.h>

#include <fstream>
#include <string>

#include "models/support/sharded_runs.h"
#include "smartstore/models/customer_partition.h"
#include "smartstore/models/sharded_batch.h"
#include "smartstore/models/snapshot_format.h"
#include "support/test_paths.h"

using namespace smartstore::models;
using smartstore::testing::check_same;
using smartstore::testing::error_text;
using smartstore::testing::read_file;
using smartstore::testing::run_parts;
using smartstore::testing::snapshots;
using smartstore::testing::TempDir;

namespace {

std::uint64_t input_bytes(const BatchOptions& o) {
  std::uint64_t n = 0;
  for (const auto* f : {&o.inputs.purchases, &o.inputs.customers, &o.inputs.sessions})
    n += std::filesystem::file_size(*f);
  return n;
}

}  // namespace

TEST_CASE("a budget run's parts write their whole chunks in place, and the snapshot is the in-memory one") {
  const TempDir dir;
  // One store holds everyone: about 12,000 records a part, so each part has
  // whole 5,000-record chunks and a piece on each side of them.
  BatchOptions o = smartstore::testing::sharded_demo(dir, 24000, 1);
  o.fit_customers = 6000;
  const auto whole = run_profile_batch(o);
  REQUIRE_MESSAGE(whole.has_value(), error_text(whole));
  REQUIRE(whole->snapshots.size() == 1);
  CHECK(whole->snapshots[0].records > 4 * kDefaultChunkRecords);

  std::uint64_t budget = 8ULL << 20;
  while (shards_for_budget(input_bytes(o), budget) > 2) budget += 1ULL << 20;
  REQUIRE(shards_for_budget(input_bytes(o), budget) == 2);
  BatchOptions bounded = o;
  bounded.out_dir = dir / "budget";
  const auto run = run_budget_batch(bounded, budget);
  REQUIRE_MESSAGE(run.has_value(), error_text(run));
  check_same(snapshots(dir / "whole"), snapshots(dir / "budget"));
  CHECK(!std::filesystem::exists(dir / "budget/parts"));
}

TEST_CASE(
    "the runs of a job array's parts join into the in-memory chunks; a run that does not fit stops the "
    "merge") {
  const TempDir dir;
  BatchOptions o = smartstore::testing::sharded_demo(dir, 900, 2);
  o.fit_customers = 300;
  REQUIRE(run_profile_batch(o).has_value());
  run_parts(o, dir / "sharded", 3);
  check_same(snapshots(dir / "whole"), snapshots(dir / "sharded"));

  o.out_dir = dir / "broken";
  for (std::uint32_t p = 0; p < 3; ++p) REQUIRE(run_batch_part(o, {p, 3}).has_value());
  const auto runs = o.out_dir / "parts/S001/1-runs.txt";
  const std::string listed = read_file(runs);
  REQUIRE(listed.rfind("piece 0 ", 0) == 0);  // a job of an array writes pieces only

  // A chunk claimed where the parts before it end mid-chunk.
  std::ofstream(runs) << "chunk 4 5000 00\n" << listed;
  auto merged = merge_batch_parts(o.out_dir, 3);
  REQUIRE_FALSE(merged.has_value());
  CHECK(merged.error().kind() == smartstore::ErrorKind::invalid_input);
  CHECK(merged.error().message().find("1-runs.txt: chunk 4 is not where the parts before it end") !=
        std::string::npos);

  // A piece shorter than its run says.
  std::ofstream(runs) << listed;
  std::ofstream(o.out_dir / "parts/S001/1-000000.part") << "{}\n";
  merged = merge_batch_parts(o.out_dir, 3);
  REQUIRE_FALSE(merged.has_value());
  CHECK(merged.error().kind() == smartstore::ErrorKind::invalid_input);
  CHECK(merged.error().message().find("1-000000.part: not ") != std::string::npos);
}
