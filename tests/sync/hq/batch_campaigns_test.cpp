// ctest-labels: unit
// The batch's dip campaigns as one campaigns body: the batch's dates and
// budget kept (or the operator's budget and hold-out), the standing campaigns
// beside them, ended ones dropped, and clashes named rather than sent.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "smartstore/sync/batch_campaigns.h"
#include "support/test_paths.h"

using namespace smartstore;
using namespace smartstore::testing;
using nlohmann::json;
using smartstore::sync::campaigns_from_batch;

namespace {

const char* kDips = R"({"campaigns":[
 {"id":"dip-2025-12-01-0-2025-12-03","offer_number":2000,"title":"과자 dip-day offer","kind":"demand_dip",
  "category":"과자","starts":"2025-12-03","ends":"2025-12-04","budget":412,"top_preference_rank":1,
  "discount_pct":10,"validity_hours":24},
 {"id":"dip-2025-12-01-1-2025-11-20","offer_number":2001,"kind":"demand_dip","category":"음료",
  "starts":"2025-11-20","ends":"2025-11-21","budget":90}]})";

json campaigns_of(const Result<std::string>& body) {
  REQUIRE(body.has_value());
  return json::parse(*body)["campaigns"];
}

}  // namespace

TEST_CASE("the dip audience becomes a campaign with the batch's dates and budget") {
  TempDir dir;
  write_file(dir / "dip_campaigns.json", kDips);
  auto c = campaigns_of(campaigns_from_batch({dir.path(), {}, "", 0, -1}));
  REQUIRE(c.size() == 2);
  auto none = campaigns_of(campaigns_from_batch({dir.path(), {}, "2025-12-01", 0, -1}));
  REQUIRE(none.size() == 1);  // the one that ended before today is left out
  CHECK(none[0]["starts"] == "2025-12-03");
  CHECK(none[0]["ends"] == "2025-12-04");
  CHECK(none[0]["budget"] == 412);
  CHECK(none[0]["kind"] == "demand_dip");
  CHECK_FALSE(none[0].contains("control_bp"));
}

TEST_CASE("the operator's hold-out and budget, and the standing campaigns beside the dips") {
  TempDir dir;
  write_file(dir / "dip_campaigns.json", kDips);
  write_file(
      dir / "standing.json",
      R"([{"id":"spring","offer_number":1001,"discount_krw":2000,"starts":"2025-01-01","ends":"2025-12-31"}])");
  auto c = campaigns_of(campaigns_from_batch({dir.path(), dir / "standing.json", "2025-12-01", 1000, 300}));
  REQUIRE(c.size() == 2);
  CHECK(c[0]["id"] == "dip-2025-12-01-0-2025-12-03");
  CHECK(c[0]["control_bp"] == 1000);
  CHECK(c[0]["budget"] == 300);
  CHECK(c[1]["id"] == "spring");
  CHECK_FALSE(c[1].contains("control_bp"));
}

TEST_CASE("clashes and bad files are named, nothing is produced") {
  TempDir dir;
  write_file(dir / "dip_campaigns.json", kDips);
  write_file(dir / "clash.json",
             R"([{"id":"x","offer_number":2000,"starts":"2025-01-01","ends":"2025-12-31"}])");
  auto clash = campaigns_from_batch({dir.path(), dir / "clash.json", "", 0, -1});
  REQUIRE_FALSE(clash.has_value());
  CHECK(clash.error().message().find("offer_number 2000") != std::string::npos);
  write_file(dir / "bad.json", R"([{"id":"y","offer_number":1002,"starts":"soon","ends":"2025-12-31"}])");
  auto bad = campaigns_from_batch({dir.path(), dir / "bad.json", "", 0, -1});
  REQUIRE_FALSE(bad.has_value());
  CHECK(bad.error().message().find("bad.json campaigns[0].starts/ends") != std::string::npos);
  CHECK_FALSE(campaigns_from_batch({dir / "nowhere", {}, "", 0, -1}).has_value());
  CHECK(campaigns_from_batch({dir.path(), {}, "", 10001, -1}).error().kind() == ErrorKind::invalid_input);
}
