// ctest-labels: integration
// The nightly's batch step (nightly.h) with a memory budget: the real
// smartstore-models build runs out of core with the exported store events,
// and its snapshots, dip campaigns and report are what the nightly writes; a
// changed budget is a changed input; the kiosks' coupon exposures make the
// report's uplift section.
#include <doctest/doctest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "../../../sync/src/hq/hq_store.h"
#include "smartstore/models/generator.h"
#include "smartstore/models/member_key.h"
#include "smartstore/sync/nightly.h"
#include "support/test_paths.h"

using namespace smartstore;
using smartstore::testing::program;
using smartstore::testing::TempDir;
using smartstore::testing::write_file;

namespace {

// The member keys of the export's first `n` members (members.csv's cards).
std::vector<std::string> first_member_keys(const std::filesystem::path& exports,
                                           const std::vector<unsigned char>& key, int n) {
  std::ifstream members(exports / "members.csv");
  std::string line;
  std::getline(members, line);
  std::vector<std::string> keys;
  while (static_cast<int>(keys.size()) < n && std::getline(members, line))
    keys.push_back(models::member_key(key, models::normalize_member_number(line.substr(0, line.find(',')))));
  REQUIRE(static_cast<int>(keys.size()) == n);
  return keys;
}

// A staff note for the first member of the export: one item sold, deliberation timed.
void note_first_member(const std::string& db, const std::filesystem::path& exports,
                       const std::vector<unsigned char>& key) {
  const std::string member = first_member_keys(exports, key, 1)[0];
  const nlohmann::json item = {
      {"product_code", ""}, {"category", "Food"}, {"quantity", 2}, {"price_krw", 1000}, {"sold", true}};
  const nlohmann::json body = {
      {"items", {item}}, {"considered", nlohmann::json::array()}, {"deliberation_min", 12.5}};
  const nlohmann::json p = {
      {"event_id", "e1"}, {"member_key", member}, {"staff_id", "staff-1"}, {"note", body}};
  auto store = sync::detail::open_hq_store(db);
  store->insert_events("S001", {{"e1", "staff_note", "2022-12-30", "2022-12-30T10:00:00Z", p.dump()}});
}

// Coupon issues to the export's first `n` members and hold-outs of the next
// `n`, as the kiosks journal them, in a campaign early in December.
void expose_members(const std::string& db, const std::filesystem::path& exports,
                    const std::vector<unsigned char>& key, int n) {
  const auto members = first_member_keys(exports, key, 2 * n);
  std::vector<sync::detail::IncomingEvent> events;
  for (int i = 0; i < 2 * n; ++i) {
    const std::string id = "x" + std::to_string(i);
    nlohmann::json p = {{"campaign_id", "winter"},
                        {"member_key", members[static_cast<std::size_t>(i)]},
                        {"offer_id", "o-winter"}};
    if (i < n)
      p.update({{"coupon_id", "c" + std::to_string(i)}, {"discount_krw", 2000}, {"store_id", "S001"}});
    events.push_back(
        {id, i < n ? "coupon_issued" : "held_out", "2022-12-01", "2022-12-01T10:00:00Z", p.dump()});
  }
  auto store = sync::detail::open_hq_store(db);
  store->insert_events("S001", events);
}

// Every profile line of the run's snapshots.
std::string profiles(const std::filesystem::path& batch) {
  std::string all;
  for (const auto& store : std::filesystem::directory_iterator(batch / "snapshots"))
    for (const auto& f : std::filesystem::directory_iterator(store.path()))
      if (f.path().extension() == ".jsonl") all += smartstore::testing::read_file(f.path());
  return all;
}

// A generated chain of 300 customers at two stores exported to <dir>/exports,
// the deployment key, and the nightly's options over them (no broker).
sync::NightlyOptions demo_night(const TempDir& dir, std::uint64_t seed) {
  models::GeneratorOptions g;
  g.customers = 300;
  g.stores = 2;
  g.seed = seed;
  REQUIRE(models::generate_demo_data(g, dir / "exports").has_value());
  write_file(dir / "deployment.key", std::string(64, '3'));
  sync::NightlyOptions o;
  o.db = (dir / "hq.db").string();
  o.deployment_key = dir / "deployment.key";
  o.day = "2023-01-01";
  o.exports = dir / "exports";
  o.work = dir / "work";
  o.stores = {"S001", "S002"};
  o.models_program = program("smartstore-models");
  o.campaigns_from_batch = false;  // no broker: nothing is sent
  return o;
}

}  // namespace

TEST_CASE("nightly --memory-budget: the batch runs in parts with the events; a new budget rebuilds") {
  const TempDir dir;
  sync::NightlyOptions o = demo_night(dir, 3);
  const std::vector<unsigned char> key(32, 0x33);
  note_first_member(o.db, dir / "exports", key);
  o.memory_budget = "256K";  // a few parts of these 300 customers
  const auto batch = o.work / o.day / "batch";

  const auto parts = sync::run_nightly(o);
  REQUIRE_MESSAGE(parts.has_value(), (parts ? "" : parts.error().message()));
  CHECK(parts->rebuilt);
  for (const char* store : {"S001", "S002"})
    CHECK(std::filesystem::exists(batch / "snapshots" / store / "manifest.json"));
  CHECK(std::filesystem::exists(batch / "dip_campaigns.json"));
  CHECK(std::filesystem::exists(batch / "summary.json"));  // the merge writes the report too
  CHECK(std::filesystem::exists(batch / "report.html"));
  CHECK(profiles(batch).find("\"deliberation_min\":12.5") != std::string::npos);  // the note folded in

  o.memory_budget.clear();
  const auto whole = sync::run_nightly(o);
  REQUIRE_MESSAGE(whole.has_value(), (whole ? "" : whole.error().message()));
  CHECK(whole->rebuilt);
  CHECK(std::filesystem::exists(batch / "summary.json"));
}

TEST_CASE("nightly: the kiosks' coupon issues and hold-outs reach the report's uplift section") {
  const TempDir dir;
  sync::NightlyOptions o = demo_night(dir, 5);
  const std::vector<unsigned char> key(32, 0x33);
  o.memory_budget = "256K";  // out of core: the uplift is made once over the whole inputs
  const auto batch = o.work / o.day / "batch";

  REQUIRE(sync::detail::open_hq_store(o.db) != nullptr);  // ingest made it, empty so far
  // No campaign coupons yet: no section, and the summary says why.
  const auto before = sync::run_nightly(o);
  REQUIRE_MESSAGE(before.has_value(), (before ? "" : before.error().message()));
  CHECK(before->exposures == 0);
  CHECK(!std::filesystem::exists(batch / "uplift.json"));
  CHECK(sync::nightly_summary(*before).find("no uplift section") != std::string::npos);

  expose_members(o.db, o.exports, key, 40);
  const auto after = sync::run_nightly(o);
  REQUIRE_MESSAGE(after.has_value(), (after ? "" : after.error().message()));
  CHECK(after->rebuilt);  // the exposures are an input
  CHECK(after->exposures == 80);
  const auto uplift = nlohmann::json::parse(smartstore::testing::read_file(batch / "uplift.json"));
  CHECK(uplift.dump().find("winter") != std::string::npos);
  CHECK(smartstore::testing::read_file(batch / "report.html").find("Does the coupon pay?") !=
        std::string::npos);
}
