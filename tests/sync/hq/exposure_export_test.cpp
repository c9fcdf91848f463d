// ctest-labels: unit
// exposures.csv from HQ's SQLite event store, filled through the store's own
// insert path as ingest fills it: issues and hold-outs become exposure rows
// in the order they happened, redemptions are joined by coupon id from any
// store, coupons outside campaigns are left out, and the uplift reader reads
// the file back. A malformed event stops the export, naming it.
#include <sys/stat.h>

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "../../../sync/src/hq/hq_store.h"
#include "smartstore/models/uplift_inputs.h"
#include "smartstore/sync/exposure_export.h"
#include "support/test_paths.h"

using namespace smartstore;
using namespace smartstore::testing;
using nlohmann::json;

namespace {

sync::detail::IncomingEvent issued(const std::string& id, const std::string& day, const std::string& member,
                                   const std::string& campaign, const std::string& coupon) {
  json p = {{"campaign_id", campaign}, {"coupon_id", coupon},         {"discount_krw", 2000},
            {"member_key", member},    {"offer_id", "o-" + campaign}, {"store_id", "S001"}};
  return {id, "coupon_issued", day, day + "T10:00:00Z", p.dump()};
}

sync::detail::IncomingEvent held(const std::string& id, const std::string& day, const std::string& member,
                                 const std::string& campaign) {
  json p = {{"campaign_id", campaign}, {"member_key", member}, {"offer_id", "o-" + campaign}};
  return {id, "held_out", day, day + "T10:00:00Z", p.dump()};
}

sync::detail::IncomingEvent redeemed(const std::string& id, const std::string& day,
                                     const std::string& coupon) {
  json p = {{"coupon_id", coupon}, {"kind", "till"}, {"member_key", "x"}};
  return {id, "coupon_redeemed", day, day + "T12:00:00Z", p.dump()};
}

}  // namespace

TEST_CASE("uplift_export: HQ's events become exposures.csv in the order they happened") {
  TempDir tmp;
  const std::string db = (tmp / "hq.db").string();
  {
    auto store = sync::detail::open_hq_store(db);
    store->insert_events(
        "S002", {issued("e3", "2026-11-02", "kB", "spring", "c3"), redeemed("e9", "2026-11-03", "c1")});
    store->insert_events("S001", {issued("e1", "2026-11-01", "kA", "spring", "c1"),
                                  held("e2", "2026-11-01", "kC", "spring"),
                                  issued("e4", "2026-11-04", "kA", "spring", "c4"),
                                  issued("e5", "2026-11-04", "kD", "", "c5"),
                                  redeemed("e8", "2026-11-05", "c-unknown"),
                                  redeemed("e6", "2026-11-05", "c5"),
                                  {"e7", "staff_note", "2026-11-01", "x", "{}"}});
  }
  auto stats = sync::export_exposures(db, tmp / "exposures.csv");
  REQUIRE(stats.has_value());
  CHECK(stats->issued == 3);
  CHECK(stats->held_out == 1);
  CHECK(stats->redeemed == 1);
  CHECK(stats->without_campaign == 1);
  CHECK(stats->redemptions_unmatched == 1);
  CHECK(read_file(tmp / "exposures.csv") ==
        "member_key,campaign_id,offer_id,event,de_dt,segment,discount_krw,redeemed\n"
        "kA,spring,o-spring,coupon_issued,20261101,,2000,1\n"
        "kC,spring,o-spring,held_out,20261101,,0,0\n"
        "kB,spring,o-spring,coupon_issued,20261102,,0,0\n"
        "kA,spring,o-spring,coupon_issued,20261104,,0,0\n");
  struct stat st {};
  REQUIRE(::stat((tmp / "exposures.csv").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);

  // The report's reader takes the file as it is: 4 exposures of 3 members.
  auto read = models::read_exposures((tmp / "exposures.csv").string());
  REQUIRE(read.has_value());
  CHECK(read->input.exposures.size() == 4);
  CHECK(read->member_keys == std::vector<std::string>{"kA", "kC", "kB"});
}

TEST_CASE("uplift_export: a field that needs quoting is quoted") {
  TempDir tmp;
  const std::string db = (tmp / "hq.db").string();
  sync::detail::open_hq_store(db)->insert_events("S001", {held("e1", "20261101", "kA", "a,\"b\"")});
  REQUIRE(sync::export_exposures(db, tmp / "x.csv").has_value());
  CHECK(read_file(tmp / "x.csv").find("kA,\"a,\"\"b\"\"\",\"o-a,\"\"b\"\"\",held_out,20261101,,0,0\n") !=
        std::string::npos);
  auto read = models::read_exposures((tmp / "x.csv").string());
  REQUIRE(read.has_value());
  CHECK(read->input.campaigns == std::vector<std::string>{"a,\"b\""});
}

TEST_CASE("uplift_export: a malformed event or a missing database is an error naming it") {
  TempDir tmp;
  const std::string db = (tmp / "hq.db").string();
  auto store = sync::detail::open_hq_store(db);
  store->insert_events("S001", {{"e1", "held_out", "2026-11-01", "t", R"({"campaign_id":"spring"})"}});
  auto r = sync::export_exposures(db, tmp / "x.csv");
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().kind() == ErrorKind::invalid_input);
  CHECK(r.error().message() == "store S001 held_out event e1: payload has no member_key");
  CHECK_FALSE(std::filesystem::exists(tmp / "x.csv"));

  store->insert_events("S001", {{"e2", "coupon_redeemed", "2026-11-01", "t", "not json"}});
  r = sync::export_exposures(db, tmp / "x.csv");
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().message() == "store S001 coupon_redeemed event e2: payload is not a JSON object");

  r = sync::export_exposures((tmp / "absent.db").string(), tmp / "x.csv");
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().kind() == ErrorKind::unavailable);
}
