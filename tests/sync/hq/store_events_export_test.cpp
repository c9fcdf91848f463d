// ctest-labels: unit
// store-events.csv from HQ's SQLite event store, filled through the store's
// own insert path as ingest fills it: a staff note becomes a row per item,
// deliberation and survey answer, coupons a row each, and the batch's reader
// reads the file back to the same facts. A malformed note stops the export,
// naming it, and leaves no file behind.
#include <sys/stat.h>

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "../../../sync/src/hq/hq_store.h"
#include "smartstore/models/store_events.h"
#include "smartstore/sync/store_events_export.h"
#include "support/test_paths.h"

using namespace smartstore;
using namespace smartstore::testing;
using nlohmann::json;

namespace {

const std::string kA(64, 'a'), kB(64, 'b');

sync::detail::IncomingEvent note(const std::string& id, const std::string& day, const std::string& member,
                                 const json& body) {
  json p = {{"event_id", id}, {"member_key", member}, {"staff_id", "staff-1"}, {"note", body}};
  return {id, "staff_note", day, day + "T10:00:00Z", p.dump()};
}

json item(const std::string& code, const std::string& category, int quantity, bool sold) {
  return {{"product_code", code},
          {"category", category},
          {"quantity", quantity},
          {"price_krw", 1000},
          {"sold", sold}};
}

}  // namespace

TEST_CASE("store_events_export: notes and coupons become rows the batch reads back") {
  TempDir tmp;
  const std::string db = (tmp / "hq.db").string();
  {
    auto store = sync::detail::open_hq_store(db);
    json first = {{"items", {item("P3", "", 2, true), item("", "Books", 1, false)}},
                  {"considered", {item("P4", "", 1, false)}},
                  {"deliberation_min", 12.5},
                  {"remarks", "likes, \"quiet\" colours"}};
    json signup = {
        {"items", json::array()},
        {"considered", json::array()},
        {"survey", {{"favourite_category", "Food"}, {"reason", "x"}, {"preferred_channel", "app"}}}};
    json issued = {{"campaign_id", ""},           {"category", "Food"}, {"coupon_id", "c1"},
                   {"discount_krw", 2000},        {"member_key", kA},   {"offer_id", "o1"},
                   {"title", "Winter, 2,000 off"}};
    store->insert_events("S001", {note("e1", "2026-11-01", kA, first),
                                  note("e2", "2026-11-01", kB, signup),
                                  note("e3", "2026-11-02", "", first),
                                  {"e4", "coupon_issued", "2026-11-02", "t", issued.dump()},
                                  {"e5", "coupon_redeemed", "2026-11-03", "t", R"({"coupon_id":"c1"})"}});
  }
  const auto stats = sync::export_store_events(db, tmp / "events.csv");
  REQUIRE_MESSAGE(stats.has_value(), (stats ? "" : stats.error().message()));
  CHECK(stats->notes == 3);
  CHECK(stats->unattached == 1);
  CHECK(stats->issued == 1);
  CHECK(stats->redeemed == 1);
  CHECK(stats->rows == 7);  // sold, shown, considered, deliberation; survey; issue; redemption
  struct stat st {};
  REQUIRE(::stat((tmp / "events.csv").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  CHECK_FALSE(std::filesystem::exists(tmp / "events.csv.partial"));

  const auto read = models::read_store_events(tmp / "events.csv");
  REQUIRE_MESSAGE(read.has_value(), (read ? "" : read.error().message()));
  REQUIRE(read->find(kA) != nullptr);
  const auto& a = *read->find(kA);
  std::vector<models::NotedItem> sold, shown, considered;
  for (const auto& item : read->items_of(*read->member_of(kA)))
    (item.kind == models::NotedKind::sold    ? sold
     : item.kind == models::NotedKind::shown ? shown
                                             : considered)
        .push_back(item);
  REQUIRE(sold.size() == 1);
  CHECK(read->codes[sold[0].product] == "P3");
  CHECK(sold[0].quantity == 2);
  REQUIRE(shown.size() == 1);
  CHECK(read->codes[shown[0].category] == "Books");
  CHECK(considered.size() == 1);
  CHECK(a.deliberation_total_min == doctest::Approx(12.5));
  CHECK(a.coupons_issued == 1);
  CHECK(a.coupons_redeemed == 1);
  CHECK(read->text(a.last_coupon) == "Winter, 2,000 off");
  REQUIRE(read->find(kB) != nullptr);
  CHECK(read->text(read->find(kB)->preferred_channel) == "app");
  CHECK(read->text(read->find(kB)->survey_favourite) == "Food");
}

TEST_CASE("store_events_export: a malformed note stops the export, naming it, and leaves no file") {
  TempDir tmp;
  const std::string db = (tmp / "hq.db").string();
  {
    auto store = sync::detail::open_hq_store(db);
    json bad = {{"items", {{{"quantity", 1}, {"sold", true}}}}};  // neither product nor category
    store->insert_events("S007", {note("e9", "2026-11-01", kA, bad)});
  }
  const auto stats = sync::export_store_events(db, tmp / "events.csv");
  REQUIRE_FALSE(stats.has_value());
  CHECK(stats.error().kind() == ErrorKind::invalid_input);
  CHECK(stats.error().message().find("S007") != std::string::npos);
  CHECK(stats.error().message().find("e9") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(tmp / "events.csv"));
  CHECK_FALSE(std::filesystem::exists(tmp / "events.csv.partial"));
  const auto missing = sync::export_store_events((tmp / "none.db").string(), tmp / "events.csv");
  REQUIRE_FALSE(missing.has_value());
  CHECK(missing.error().kind() == ErrorKind::unavailable);
}

TEST_CASE("store_events_export: an erased member's events leave the export; the batch still reads it") {
  // HQ (or the kiosk, for events it had not sent) replaces an erased member's
  // key by "erased": such a row would stop the batch's reader.
  TempDir tmp;
  const std::string db = (tmp / "hq.db").string();
  {
    auto store = sync::detail::open_hq_store(db);
    json sold = {{"items", {item("P3", "", 1, true)}}, {"considered", json::array()}};
    json issued = {{"coupon_id", "c1"}, {"member_key", "erased"}, {"offer_id", "o1"}, {"title", "t"}};
    store->insert_events("S001", {note("e1", "2026-11-01", "erased", sold),
                                  note("e2", "2026-11-01", kA, sold),
                                  {"e3", "coupon_issued", "2026-11-02", "t", issued.dump()},
                                  {"e4", "coupon_redeemed", "2026-11-03", "t",
                                   R"({"coupon_id":"c1","member_key":"erased"})"}});
  }
  const auto stats = sync::export_store_events(db, tmp / "events.csv");
  REQUIRE_MESSAGE(stats.has_value(), (stats ? "" : stats.error().message()));
  CHECK(stats->erased == 3);
  CHECK(stats->issued == 0);
  CHECK(stats->redeemed == 1);
  CHECK(stats->rows == 2);  // kA's sold item; the redemption, without a member
  const auto read = models::read_store_events(tmp / "events.csv");
  REQUIRE_MESSAGE(read.has_value(), (read ? "" : read.error().message()));
  CHECK(read->members.size() == 1);
  CHECK(read->find(kA) != nullptr);
  CHECK(read->redemptions_unmatched == 1);
}
