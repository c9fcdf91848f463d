// ctest-labels: unit security
// Staff's "forget this member": nothing happens without the confirmation; with
// it the member is gone from this kiosk at once and the one event that still
// names them is the request HQ needs to list them chain-wide. "No more
// marketing" likewise: confirmed, the member's scans here get no coupon at
// once and one consent_withdrawal_requested event names them for HQ.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "edge/http/router_rig.h"
#include "smartstore/models/member_key.h"
#include "support/member_numbers.h"

using namespace smartstore;
using namespace smartstore::edge::http;
using smartstore::testing::RouterRig;
using json = nlohmann::json;

namespace {

const std::string kMember = smartstore::testing::with_luhn_digit("800100200300400");
const std::string kKey = models::member_key(std::vector<unsigned char>(32, 0x42), kMember);

ApiResponse erase(RouterRig& s, const std::string& token, const std::string& body) {
  return s.call("POST", "/api/v1/customers/" + kMember + "/erasure", token, body);
}

ApiResponse withdraw(RouterRig& s, const std::string& token, const std::string& body) {
  return s.call("POST", "/api/v1/customers/" + kMember + "/consent-withdrawal", token, body);
}

void seed_member(RouterRig& s) {
  models::CustomerProfile p;
  p.member_key = kKey;
  p.tier = "star";
  p.preferences = {{"식품", 100, 4}};
  REQUIRE(s.store.profiles().load({p}));
  REQUIRE(s.store.profiles().find(kKey));
}

// Every outbox row of one type, as the agent would send it.
std::vector<sync::OutboxEvent> unsent_of(RouterRig& s, const std::string& type) {
  std::vector<sync::OutboxEvent> out;
  for (auto& e : s.store.outbox().next_unsent(100))
    if (e.type == type) out.push_back(e);
  return out;
}

}  // namespace

TEST_CASE("without confirm: true nothing is erased or withdrawn") {
  RouterRig s;
  seed_member(s);
  const auto lee = s.session("lee", "482913");
  for (const char* body : {R"({})", R"({"confirm":false})", R"({"confirm":"yes"})"})
    for (auto* request : {&erase, &withdraw}) {
      auto r = request(s, lee, body);
      CHECK(r.status == 400);
      CHECK(json::parse(r.body)["error"] == "confirmation_required");
    }
  CHECK(erase(s, lee, "not json").status == 400);
  CHECK_FALSE(s.store.downlink().consent_withdrawn(kKey));
  CHECK(unsent_of(s, "consent_withdrawal_requested").empty());
  CHECK(s.store.profiles().find(kKey));
  CHECK(unsent_of(s, "member_erase_requested").empty());
}

TEST_CASE("only staff may erase; a till or display token is refused") {
  RouterRig s;
  seed_member(s);
  CHECK(erase(s, "", R"({"confirm":true})").status == 401);
  CHECK(erase(s, RouterRig::till_token, R"({"confirm":true})").status == 403);
  CHECK(erase(s, RouterRig::display_token, R"({"confirm":true})").status == 403);
  CHECK(s.store.profiles().find(kKey));
}

TEST_CASE("confirmed: the member is gone here and one member_erase_requested event names them for HQ") {
  RouterRig s;
  seed_member(s);
  const auto lee = s.session("lee", "482913");
  auto r = erase(s, lee, R"({"confirm":true})");
  REQUIRE(r.status == 200);
  auto body = json::parse(r.body);
  CHECK(body["erased"] == true);
  CHECK(r.body.find(kKey) == std::string::npos);
  CHECK(body["member"].get<std::string>().find(kMember.substr(0, 8)) == std::string::npos);
  CHECK_FALSE(s.store.profiles().find(kKey));
  auto requested = unsent_of(s, "member_erase_requested");
  REQUIRE(requested.size() == 1);
  auto payload = json::parse(requested[0].payload_json);
  CHECK(payload["member_key"] == kKey);
  CHECK(payload["staff_id"] == "lee");
  CHECK(payload["store_id"] == "S001");
  CHECK(payload["request_id"] == requested[0].event_id);
  // The card looked up again is a stranger to this kiosk.
  auto card = json::parse(s.call("GET", "/api/v1/customers/" + kMember, lee).body);
  CHECK(card["known"] == false);
}

TEST_CASE("an erased member's earlier unsent events stop naming them") {
  RouterRig s;
  seed_member(s);
  const auto lee = s.session("lee", "482913");
  (void)s.kiosk.on_scan(kMember, edge::Clock::now());  // a coupon_issued (or scan) event naming the member
  REQUIRE(erase(s, lee, R"({"confirm":true})").status == 200);
  for (auto& e : s.store.outbox().next_unsent(100)) {
    INFO(e.type);
    CHECK((e.type == "member_erase_requested" || e.payload_json.find(kKey) == std::string::npos));
  }
}

TEST_CASE("a card merged into another member: both keys go together, each named for HQ") {
  RouterRig s;
  const std::string survivor =
      models::member_key(std::vector<unsigned char>(32, 0x42), "9" + kMember.substr(1));
  models::CustomerProfile p;
  p.member_key = survivor;
  p.tier = "star";
  REQUIRE(s.store.profiles().load({p}));
  REQUIRE(s.store.downlink().apply_aliases({{kKey, survivor}}));
  REQUIRE(s.store.profiles().resolve_alias(kKey) == survivor);
  const auto lee = s.session("lee", "482913");
  REQUIRE(erase(s, lee, R"({"confirm":true})").status == 200);
  CHECK_FALSE(s.store.profiles().find(survivor));
  CHECK(s.store.profiles().resolve_alias(kKey) == kKey);
  std::set<std::string> named;
  for (const auto& e : unsent_of(s, "member_erase_requested"))
    named.insert(json::parse(e.payload_json)["member_key"].get<std::string>());
  CHECK(named == std::set<std::string>{kKey, survivor});
}

TEST_CASE("consent withdrawal: only staff, only for a member code") {
  RouterRig s;
  seed_member(s);
  const auto lee = s.session("lee", "482913");
  CHECK(withdraw(s, "", R"({"confirm":true})").status == 401);
  CHECK(withdraw(s, RouterRig::till_token, R"({"confirm":true})").status == 403);
  CHECK(withdraw(s, RouterRig::display_token, R"({"confirm":true})").status == 403);
  CHECK(s.call("POST", "/api/v1/customers/1234/consent-withdrawal", lee, R"({"confirm":true})").status ==
        404);
  CHECK_FALSE(s.store.downlink().consent_withdrawn(kKey));
  CHECK(unsent_of(s, "consent_withdrawal_requested").empty());
}

TEST_CASE("consent withdrawal confirmed: no coupon here at once, and one event names the member for HQ") {
  RouterRig s;
  seed_member(s);
  const auto lee = s.session("lee", "482913");
  auto r = withdraw(s, lee, R"({"confirm":true})");
  REQUIRE(r.status == 200);
  CHECK(json::parse(r.body)["consent_withdrawn"] == true);
  CHECK(r.body.find(kKey) == std::string::npos);
  CHECK(s.store.downlink().consent_withdrawn(kKey));
  const auto scan = s.kiosk.on_scan(kMember, edge::Clock::now());
  CHECK_FALSE(scan.coupon.has_value());
  CHECK(scan.reason_code == "consent.withdrawn");
  auto card = json::parse(s.call("GET", "/api/v1/customers/" + kMember, lee).body);
  CHECK(card["known"] == true);  // still a member: only the marketing stops
  auto sent = unsent_of(s, "consent_withdrawal_requested");
  REQUIRE(sent.size() == 1);
  auto payload = json::parse(sent[0].payload_json);
  CHECK(payload["member_key"] == kKey);
  CHECK(payload["staff_id"] == "lee");
  CHECK(payload["store_id"] == "S001");
  CHECK(payload["request_id"] == sent[0].event_id);
}
