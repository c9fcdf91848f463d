// ctest-labels: unit security
// A note's Idempotency-Key as an attacker would use it: replayed by another
// staff member to read a colleague's note, or reused with a different body to
// have a changed note silently dropped.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "edge/http/router_rig.h"
#include "smartstore/models/member_key.h"
#include "support/member_numbers.h"

using namespace smartstore;
using namespace smartstore::edge::http;
using smartstore::testing::handle_recorded;
using smartstore::testing::RouterRig;
using json = nlohmann::json;

namespace {

const std::string kMember = smartstore::testing::with_luhn_digit("800100200300400");
const std::string kNote = R"({"items":[{"product_code":"PD0101","quantity":1,"price_krw":89000}],)"
                          R"("remarks":"사이즈 교환 예정"})";

std::string session(RouterRig& s, const std::string& id, const std::string& pin) {
  const std::string body = R"({"staff_id":")" + id + R"(","pin":")" + pin + R"("})";
  auto r = handle_recorded(s.router, ApiRequest{"POST", "/api/v1/auth/pin", {}, body, "10.0.9.1"});
  REQUIRE(r.status == 200);
  return json::parse(r.body)["token"].get<std::string>();
}

ApiResponse post_note(RouterRig& s, const std::string& token, const std::string& key,
                      const std::string& body) {
  return handle_recorded(s.router, ApiRequest{"POST",
                                              "/api/v1/customers/" + kMember + "/notes",
                                              {{"authorization", "Bearer " + token},
                                               {"idempotency-key", key},
                                               {"content-type", "application/json"}},
                                              body,
                                              "10.0.9.1"});
}

}  // namespace

TEST_CASE("another staff member replaying a note's key gets 422, not the note") {
  RouterRig s;
  const auto lee = session(s, "lee", "482913");
  const auto park = session(s, "park", "111111");
  REQUIRE(post_note(s, lee, "tab1-0001", kNote).status == 201);
  auto replay = post_note(s, park, "tab1-0001", kNote);
  CHECK(replay.status == 422);
  CHECK(json::parse(replay.body)["error"] == "idempotency_key_reused");
  CHECK(replay.body.find("사이즈") == std::string::npos);
  CHECK(replay.body.find("PD0101") == std::string::npos);
}

TEST_CASE("the same key with a different note is refused, not answered with the old one") {
  RouterRig s;
  const auto lee = session(s, "lee", "482913");
  REQUIRE(post_note(s, lee, "tab1-0002", kNote).status == 201);
  std::string changed = kNote;
  changed.replace(changed.find("89000"), 5, "79000");
  auto reused = post_note(s, lee, "tab1-0002", changed);
  CHECK(reused.status == 422);
  CHECK(json::parse(reused.body)["error"] == "idempotency_key_reused");
  // The honest retry still replays, and only one note was stored.
  auto retry = post_note(s, lee, "tab1-0002", kNote);
  CHECK(retry.status == 200);
  const auto key = models::member_key(std::vector<unsigned char>(32, 0x42), kMember);  // the rig's deployment key
  CHECK(s.store.notes().recent_notes(key, 10).size() == 1);
}
