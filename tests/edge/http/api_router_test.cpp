// /api/v1 end to end in-process: ApiRouter over the real Kiosk and a real
// SQLite file; every route, auth failure and validation field.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "edge/http/recorded_router.h"
#include "smartstore/edge/http/api_router.h"
#include "smartstore/edge/kiosk/kiosk.h"
#include "smartstore/edge/store/kiosk_store.h"
#include "smartstore/models/member_key.h"
#include "support/kiosk_fixtures.h"
#include "support/member_numbers.h"
#include "support/test_paths.h"

using namespace smartstore;
using namespace smartstore::edge;
using namespace smartstore::edge::http;
using nlohmann::json;
using namespace std::chrono_literals;
using smartstore::testing::kiosk_options;
using smartstore::testing::token_staff;
using smartstore::testing::with_luhn_digit;

namespace {

std::string gtin13(std::string body12) {
  int sum = 0;
  for (std::size_t i = 0; i < 12; ++i) sum += (body12[i] - '0') * (i % 2 ? 3 : 1);
  return body12 + std::to_string((10 - sum % 10) % 10);
}

const std::string kToken = "staff-token-for-tests-0123456789abcdef0123456789abcdef";
const std::string kTillToken = "till-token-for-tests-0123456789abcdef0123456789abcdef";
const std::vector<std::pair<std::string, std::string>> kTill{{"authorization", "Bearer " + kTillToken}};

smartstore::edge::http::StaffEntry till_staff() {
  auto e = smartstore::testing::token_staff("till-1", kTillToken);
  e.role = smartstore::edge::http::Role::till;
  return e;
}

struct Api {
  testing::TempDir dir;
  std::vector<unsigned char> deployment_key = std::vector<unsigned char>(32, 0x42);
  store::KioskStore store{dir / "kiosk.db", store::StoreOptions{.store_id = "S001"}};
  kiosk::Kiosk kiosk{store, kiosk_options(deployment_key)};
  StaffAuthority staff{{token_staff("kim", kToken), testing::pin_staff("lee", "482913", 1000), till_staff()}};
  FailedAttemptLimiter limiter{AttemptLimitOptions{.max_failures = 5}};
  HttpMetrics metrics;
  ApiRouter router{kiosk, staff, limiter, metrics, ApiOptions{.device_id = "K01"}};
  const std::string member = with_luhn_digit("800100200300400");
  const std::string product = gtin13("880123456789");

  Api() {
    REQUIRE(store.keys().add(1, std::vector<unsigned char>(32, 0x07), Clock::now()));
    models::CustomerProfile p;
    p.member_key = key_of(member);
    p.gender = "F";
    p.age_band = "30s";
    p.tier = "star";
    p.grade = "VIP";
    p.segment = "VIP";
    p.behaviour_type = "mania";
    p.preferences = {{"여성의류", 100, 12}, {"화장품", 61.5, 4}, {"아동의류", 5, 0}};
    p.clv_3m_krw = 1'234'567;
    p.p_alive = 0.93;
    p.total_spend_krw = 2'500'000;
    p.purchase_days = 18;
    p.last_purchase_date = "2026-11-01";
    p.next_purchase_date = "2026-11-29";
    p.expected_spend_krw = 154'000;
    p.companion_products = {"PD0101", "PD0202"};
    p.companion_if = {"PD0303", "PD0303+PD0404"};
    p.companion_lift = {3.5, 1.25};
    p.survey_favourite = "여성의류";
    p.preferred_channel = "app";
    p.coupons_issued = 4;
    p.coupons_redeemed = 1;
    p.coupon_redemption_rate = 0.25;
    p.last_coupon = "겨울 2,000원";
    p.last_coupon_date = "2026-10-30";
    p.days_since_coupon = 2;
    p.recommended_categories = {"남성의류", "식품"};
    REQUIRE(store.profiles().load({p}));
    auto applied =
        store.downlink().apply_catalog(json::array({{{"gtin", product},
                                                     {"product_code", "PD0101"},
                                                     {"name", "캐시미어 니트"},
                                                     {"category", "여성의류"},
                                                     {"offline_price_krw", 89000},
                                                     {"online_price_krw", 89000},
                                                     {"app_link", "https://app.example/p/PD0101"}}})
                                           .dump());
    (void)applied;
  }

  std::string key_of(const std::string& number) { return models::member_key(deployment_key, number); }

  ApiResponse call(const std::string& method, const std::string& target, const std::string& body = "",
                   std::vector<std::pair<std::string, std::string>> headers = {{"authorization",
                                                                                "Bearer " + kToken}},
                   const std::string& client = "10.0.0.9") {
    return testing::handle_recorded(router, ApiRequest{method, target, std::move(headers), body, client});
  }
  json call_json(const std::string& method, const std::string& target, int expected_status,
                 const std::string& body = "",
                 std::vector<std::pair<std::string, std::string>> headers = {
                     {"authorization", "Bearer " + kToken}}) {
    auto r = call(method, target, body, std::move(headers));
    CHECK_MESSAGE(r.status == expected_status,
                  method << " " << target << " -> " << r.status << " " << r.body);
    return json::parse(r.body, nullptr, false);
  }
};

std::string header_of(const ApiResponse& r, const std::string& name) {
  for (const auto& [k, v] : r.headers)
    if (k == name) return v;
  return {};
}

std::vector<std::string> error_fields(const json& body) {
  std::vector<std::string> out;
  if (body.contains("fields"))
    for (const auto& f : body["fields"]) out.push_back(f["field"].get<std::string>());
  return out;
}

}  // namespace

TEST_CASE("healthz is open; metrics carry HTTP figures and the kiosk's") {
  Api api;
  CHECK(api.call_json("GET", "/healthz", 200, "", {})["status"] == "ok");
  (void)api.call("GET", "/api/v1/customers/" + api.member);
  auto m = api.call("GET", "/metrics", "", {}, "127.0.0.1");
  CHECK(m.status == 200);
  CHECK(m.content_type.rfind("text/plain; version=0.0.4", 0) == 0);
  CHECK(m.body.find("smartstore_http_requests_total{method=\"GET\",route=\"/api/v1/customers/"
                    "{member}\",status=\"200\"} 1") != std::string::npos);
  CHECK(m.body.find("smartstore_http_request_duration_seconds_count 2") != std::string::npos);
  CHECK(m.body.find("smartstore_outbox_depth") != std::string::npos);
  CHECK(m.body.find(api.member) == std::string::npos);
}

TEST_CASE("staff calls need a known token; failures are rate-limited per client address") {
  Api api;
  auto none = api.call("GET", "/api/v1/customers/" + api.member, "", {});
  CHECK(none.status == 401);
  CHECK(header_of(none, "WWW-Authenticate").rfind("Bearer", 0) == 0);
  CHECK(
      api.call("GET", "/api/v1/customers/" + api.member, "", {{"authorization", "Basic a2ltOng="}}).status ==
      401);
  for (int i = 0; i < 4; ++i)
    CHECK(
        api.call("GET", "/api/v1/products/" + api.product, "", {{"authorization", "Bearer wrong"}}).status ==
        401);
  CHECK(api.call("GET", "/api/v1/products/" + api.product, "", {{"authorization", "Bearer wrong"}}).status ==
        401);
  // Locked out now: even the right token waits, so guessing gains nothing.
  auto locked = api.call("GET", "/api/v1/products/" + api.product);
  CHECK(locked.status == 429);
  CHECK(std::stoi(header_of(locked, "Retry-After")) > 0);
  CHECK(api.call("GET", "/api/v1/products/" + api.product, "", {{"authorization", "Bearer " + kToken}},
                 "10.0.0.10")
            .status == 200);
  CHECK(api.metrics.prometheus_text().find("smartstore_http_auth_failures_total 5") != std::string::npos);
}

TEST_CASE("a PIN buys a session token; a wrong PIN is refused without saying which part was wrong") {
  Api api;
  auto bad = api.call_json("POST", "/api/v1/auth/pin", 401, R"({"staff_id":"lee","pin":"000000"})", {});
  CHECK(bad["message"] == "unknown staff id or wrong PIN");
  CHECK(api.call_json("POST", "/api/v1/auth/pin", 401, R"({"staff_id":"nobody","pin":"482913"})",
                      {})["message"] == "unknown staff id or wrong PIN");
  auto fields = error_fields(api.call_json("POST", "/api/v1/auth/pin", 400, R"({"staff_id":7})", {}));
  CHECK(fields == std::vector<std::string>{"staff_id", "pin"});
  auto ok = api.call_json("POST", "/api/v1/auth/pin", 200, R"({"staff_id":"lee","pin":"482913"})", {});
  CHECK(ok["staff_id"] == "lee");
  CHECK(ok["expires_in_s"].get<int>() == 3600);
  const auto session = ok["token"].get<std::string>();
  CHECK(api.call_json("GET", "/api/v1/auth/whoami", 200, "",
                      {{"authorization", "Bearer " + session}})["staff_id"] == "lee");
  CHECK(api.call("GET", "/api/v1/auth/pin").status == 405);
}

TEST_CASE("the profile card: report 000's fields, the member key and a masked number, never the raw number") {
  Api api;
  auto r = api.call("GET", "/api/v1/customers/" + api.member);
  REQUIRE(r.status == 200);
  CHECK(r.body.find(api.member) == std::string::npos);
  auto card = json::parse(r.body);
  CHECK(card["member_key"] == api.key_of(api.member));
  CHECK(card["masked_number"] == "************" + api.member.substr(12));
  CHECK(card["known"] == true);
  CHECK(card["tier"] == "star");
  CHECK(card["grade"] == "VIP");
  CHECK(card["segment"] == "VIP");
  CHECK(card["behaviour_type"] == "mania");
  CHECK_FALSE(card["strategy"].get<std::string>().empty());
  REQUIRE(card["preferences"].size() == 3);
  CHECK(card["preferences"][0]["rank"] == 1);
  CHECK(card["preferences"][0]["category"] == "여성의류");
  CHECK(card["preferences"][1]["index"].get<double>() == doctest::Approx(61.5));
  CHECK(card["clv_3m_krw"].get<double>() == doctest::Approx(1234567));
  CHECK(card["next_purchase_date"] == "2026-11-29");
  CHECK(card["expected_spend_krw"] == 154000);
  CHECK(card["recommended_categories"] == json({"남성의류", "식품"}));
  CHECK(card["companion_products"] == json({"PD0101", "PD0202"}));
  // Each companion with its rule and lift; the cluster and the survey's favourite.
  REQUIRE(card["companions"].size() == 2);
  CHECK(card["companions"][0]["product"] == "PD0101");
  CHECK(card["companions"][0]["because"] == "PD0303");
  CHECK(card["companions"][0]["lift"].get<double>() == doctest::Approx(3.5));
  CHECK(card["companions"][1]["because"] == "PD0303+PD0404");
  CHECK(card["cluster"] == -1);
  CHECK(card["cluster_predicted"] == false);
  CHECK(card["survey_favourite"] == "여성의류");
  // What the stores sent, from HQ's batch: channel and coupon features.
  CHECK(card["preferred_channel"] == "app");
  CHECK(card["coupons_issued"] == 4);
  CHECK(card["coupons_redeemed"] == 1);
  CHECK(card["coupon_redemption_rate"].get<double>() == doctest::Approx(0.25));
  CHECK(card["last_coupon"] == "겨울 2,000원");
  CHECK(card["last_coupon_date"] == "2026-10-30");
  CHECK(card["days_since_coupon"] == 2);
  CHECK(card["recent_notes"].empty());

  // Printed with separators: the same customer.
  auto spaced = api.member.substr(0, 4) + "-" + api.member.substr(4, 4) + " " + api.member.substr(8);
  CHECK(api.call_json("GET", "/api/v1/customers/" + spaced, 200)["member_key"] == api.key_of(api.member));
  // A valid number not in the cache: an empty card, still no raw number.
  auto other = with_luhn_digit("800100200300999");
  auto unknown = api.call("GET", "/api/v1/customers/" + other);
  CHECK(unknown.status == 200);
  CHECK(unknown.body.find(other) == std::string::npos);
  CHECK(json::parse(unknown.body)["known"] == false);
  // Not a card number at all.
  CHECK(api.call_json("GET", "/api/v1/customers/12345", 404)["error"] == "not_a_member_code");
  auto bad_check = api.member.substr(0, 15) + std::to_string((api.member[15] - '0' + 1) % 10);
  CHECK(api.call("GET", "/api/v1/customers/" + bad_check).status == 404);
}

TEST_CASE("a note is stored once: 201, then the same Idempotency-Key replays the original with 200") {
  Api api;
  const std::string body =
      R"({"items":[{"product_code":"PD0101","quantity":1,"price_krw":89000}],"considered":[{"category":"화장품","price_krw":32000}],)"
      R"("deliberation_min":7,"remarks":"색상 고민"})";
  auto first = api.call("POST", "/api/v1/customers/" + api.member + "/notes", body,
                        {{"authorization", "Bearer " + kToken},
                         {"idempotency-key", "tab1-0001"},
                         {"content-type", "application/json"}});
  REQUIRE_MESSAGE(first.status == 201, first.body);
  auto stored = json::parse(first.body);
  const auto event_id = stored["event_id"].get<std::string>();
  CHECK_FALSE(event_id.empty());
  CHECK(stored["staff_id"] == "kim");
  CHECK(stored["member_key"] == api.key_of(api.member));
  CHECK(stored["items"][0]["price_krw"] == 89000);
  CHECK(stored["considered"][0]["sold"] == false);
  CHECK(header_of(first, "Location") == "/api/v1/notes/" + event_id);
  CHECK(first.body.find(api.member) == std::string::npos);

  auto again = api.call("POST", "/api/v1/customers/" + api.member + "/notes", body,
                        {{"authorization", "Bearer " + kToken}, {"idempotency-key", "tab1-0001"}});
  CHECK(again.status == 200);
  CHECK(header_of(again, "Idempotent-Replayed") == "true");
  CHECK(json::parse(again.body)["event_id"] == event_id);

  auto card = api.call_json("GET", "/api/v1/customers/" + api.member, 200);
  REQUIRE(card["recent_notes"].size() == 1);
  CHECK(card["recent_notes"][0]["event_id"] == event_id);
  CHECK(card["recent_notes"][0]["remarks"] == "색상 고민");

  // A different key is a different note.
  CHECK(api.call("POST", "/api/v1/customers/" + api.member + "/notes", body,
                 {{"authorization", "Bearer " + kToken}, {"idempotency-key", "tab1-0002"}})
            .status == 201);
  CHECK(api.call_json("GET", "/api/v1/customers/" + api.member, 200)["recent_notes"].size() == 2);
}

TEST_CASE("an invalid note is a 400 naming each field, and nothing is stored") {
  Api api;
  const std::string target = "/api/v1/customers/" + api.member + "/notes";
  auto body =
      api.call_json("POST", target, 400,
                    R"({"items":[{"category":"x","quantity":0,"price_krw":-1}],"deliberation_min":900,)"
                    R"("remarks":"call 010 1234 5678","survey":{"preferred_channel":"pager"},"mood":"ok"})",
                    {{"authorization", "Bearer " + kToken}, {"idempotency-key", "bad key with spaces"}});
  CHECK(body["error"] == "invalid_note");
  auto fields = error_fields(body);
  for (const char* f : {"Idempotency-Key", "items[0].quantity", "items[0].price_krw", "deliberation_min",
                        "remarks", "survey.preferred_channel", "mood"})
    CHECK_MESSAGE(std::find(fields.begin(), fields.end(), f) != fields.end(), f);
  const std::vector<std::pair<std::string, std::string>> keyed = {{"authorization", "Bearer " + kToken},
                                                                  {"idempotency-key", "k-0"}};
  CHECK(api.call_json("POST", target, 400, "{not json", keyed)["fields"][0]["field"] == "body");
  CHECK(api.call_json("POST", target, 400, "[]", keyed)["fields"][0]["field"] == "body");
  CHECK(api.call("POST", target, R"({"remarks":"x"})",
                 {{"authorization", "Bearer " + kToken}, {"content-type", "text/plain"}})
            .status == 415);
  // The kiosk refuses a note for something that is not a card number.
  auto no_key = api.call_json("POST", target, 400, R"({"remarks":"x"})");
  CHECK(error_fields(no_key) == std::vector<std::string>{"Idempotency-Key"});
  auto not_member = api.call_json("POST", "/api/v1/customers/12345/notes", 400, R"({"remarks":"x"})",
                                  {{"authorization", "Bearer " + kToken}, {"idempotency-key", "k-1"}});
  auto not_member_fields = error_fields(not_member);
  CHECK(not_member_fields == std::vector<std::string>{"member"});
  CHECK(api.call_json("GET", "/api/v1/customers/" + api.member, 200)["recent_notes"].empty());
}

TEST_CASE("coupons: a scan issues one, staff look it up and redeem it once") {
  Api api;
  CHECK(api.call_json("POST", "/api/v1/scans", 400, R"({"text":""})")["fields"][0]["field"] == "text");
  auto outcome = api.call_json("POST", "/api/v1/scans", 200, json({{"text", api.member}}).dump());
  CHECK(outcome["kind"] == "member");
  CHECK(outcome["member_key"] == api.key_of(api.member));
  REQUIRE_MESSAGE(outcome["coupon"].is_object(), outcome.dump());
  const auto code = outcome["coupon"]["code"].get<std::string>();

  auto looked_up = api.call_json("GET", "/api/v1/coupons/" + code, 200);
  CHECK(looked_up["status"] == "issued");
  CHECK(looked_up["reason_code"] == outcome["coupon"]["reason_code"]);
  CHECK(api.call_json("GET", "/api/v1/customers/" + api.member, 200)["recent_coupons"][0]["code"] == code);

  auto redeemed = api.call_json("POST", "/api/v1/coupons/redeem", 200, json({{"code", code}}).dump(), kTill);
  CHECK(redeemed["accepted"] == true);
  CHECK(redeemed["coupon"]["status"] == "redeemed");
  auto twice = api.call_json("POST", "/api/v1/coupons/redeem", 409,
                             json({{"code", code}, {"device_id", "till-2"}}).dump(), kTill);
  CHECK(twice["reason_code"] == "already_redeemed");
  CHECK(api.call_json("GET", "/api/v1/coupons/" + code, 200)["status"] == "redeemed");

  CHECK(api.call_json("GET", "/api/v1/coupons/SC1.NOTACOUPON", 404)["error"] == "unknown_coupon");
  CHECK(error_fields(api.call_json("POST", "/api/v1/coupons/redeem", 400, R"({"device_id":5})", kTill)) ==
        std::vector<std::string>{"code", "device_id"});
  CHECK(api.call_json("POST", "/api/v1/coupons/redeem", 400, R"({"code":"hello"})", kTill)["reason_code"] ==
        "bad_format");
}

TEST_CASE("products resolve against HQ's catalog with the same-price promise") {
  Api api;
  auto p = api.call_json("GET", "/api/v1/products/" + api.product, 200);
  CHECK(p["name"] == "캐시미어 니트");
  CHECK(p["offline_price_krw"] == 89000);
  CHECK(p["online_price_krw"] == 89000);
  CHECK(p["same_price"] == true);
  CHECK(p["app_link"] == "https://app.example/p/PD0101");
  CHECK(api.call_json("GET", "/api/v1/products/" + gtin13("880999999999"), 404)["error"] ==
        "unknown_product");
}

TEST_CASE("routing: unknown paths, wrong methods, malformed escapes, the event stream") {
  Api api;
  CHECK(api.call("GET", "/api/v1/nothing").status == 404);
  CHECK(api.call("GET", "/api/v2/customers/1").status == 404);
  auto wrong = api.call("DELETE", "/api/v1/customers/" + api.member);
  CHECK(wrong.status == 405);
  CHECK(header_of(wrong, "Allow") == "GET");
  CHECK(api.call("GET", "/api/v1/products/%zz").status == 400);
  CHECK(api.call("GET", "/api/v1/events", "", {}).status == 401);
  auto stream = api.call("GET", "/api/v1/events");
  CHECK(stream.event_stream);
  CHECK(stream.route == "/api/v1/events");
  CHECK(stream.stream_token == kToken);
  CHECK(ApiRouter::is_api_path("/api/v1/x"));
  CHECK_FALSE(ApiRouter::is_api_path("/staff.html"));
}
