#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "smartstore/sync/envelope.h"

using namespace smartstore::sync;
using nlohmann::json;

namespace {

json valid() {
  return {{"schema", "1.0"},
          {"message_id", "0123456789abcdef0123456789abcdef"},
          {"store_id", "S001"},
          {"created_at", "2026-11-23T09:00:00Z"},
          {"content_type", "campaigns"},
          {"body", {{"campaigns", json::array()}}}};
}

}  // namespace

TEST_CASE("envelope round trip keeps every field") {
  Envelope e;
  e.store_id = "S001";
  e.content_type = std::string(content::catalog);
  e.body_json = R"({"catalog":{"8801":{"price":1200}}})";
  std::string bytes = encode_envelope(e);
  auto r = decode_envelope(bytes, "S001");
  REQUIRE(r.has_value());
  CHECK(r->major == 1);
  CHECK(r->minor == 0);
  CHECK(r->message_id.size() == 32);
  CHECK(r->created_at.size() == 20);
  CHECK(r->content_type == "catalog");
  CHECK(json::parse(r->body_json)["catalog"]["8801"]["price"] == 1200);
  CHECK(new_message_id() != new_message_id());
}

TEST_CASE("unknown fields and newer minor versions are accepted") {
  json j = valid();
  j["schema"] = "1.7";
  j["routing_hint"] = "ignored";
  j["body"]["future_field"] = 42;
  auto r = decode_envelope(j.dump(), "S001");
  REQUIRE(r.has_value());
  CHECK(r->minor == 7);
}

TEST_CASE("bad envelopes are refused with a reason naming the problem") {
  SUBCASE("invalid JSON") {
    auto r = decode_envelope("{\"schema\": \"1.0\", ", "S001");
    CHECK_FALSE(r.has_value());
    CHECK(r.error().message() == "invalid JSON");
    CHECK(r.error().kind() == smartstore::ErrorKind::invalid_input);
  }
  SUBCASE("not an object") {
    CHECK(decode_envelope("[1,2]", "S001").error().message().find("not a JSON object") != std::string::npos);
  }
  SUBCASE("unknown major version") {
    json j = valid();
    j["schema"] = "2.0";
    auto r = decode_envelope(j.dump(), "S001");
    CHECK_FALSE(r.has_value());
    CHECK(r.error().kind() == smartstore::ErrorKind::unsupported);
    CHECK(r.error().message().find("unsupported major version 2") != std::string::npos);
  }
  SUBCASE("malformed schema") {
    json j = valid();
    j["schema"] = "one";
    CHECK(decode_envelope(j.dump(), "S001").error().message().find("MAJOR.MINOR") != std::string::npos);
    j["schema"] = 1;
    CHECK(decode_envelope(j.dump(), "S001").error().message().find("schema") != std::string::npos);
  }
  SUBCASE("another store's message") {
    auto r = decode_envelope(valid().dump(), "S002");
    CHECK_FALSE(r.has_value());
    CHECK(r.error().message().find("is not this store") != std::string::npos);
    CHECK(decode_envelope(valid().dump(), "").has_value());  // HQ accepts any store
  }
  SUBCASE("missing fields") {
    for (const char* key : {"message_id", "store_id", "created_at", "content_type", "body"}) {
      json j = valid();
      j.erase(key);
      auto r = decode_envelope(j.dump(), "S001");
      CHECK_FALSE(r.has_value());
      CHECK(r.error().message().find(key) != std::string::npos);
    }
  }
  SUBCASE("unknown content type") {
    json j = valid();
    j["content_type"] = "firmware";
    CHECK(decode_envelope(j.dump(), "S001").error().message().find("unknown 'firmware'") !=
          std::string::npos);
  }
  SUBCASE("oversized chunk") {
    json j = valid();
    j["content_type"] = "snapshot-chunk";
    j["body"] = {{"version", 2}, {"index", 0}, {"sha256", "x"}, {"data", std::string(2048, 'a')}};
    EnvelopeLimits limits;
    limits.max_chunk_bytes = 1024;
    auto r = decode_envelope(j.dump(), "S001", limits);
    CHECK_FALSE(r.has_value());
    CHECK(r.error().message().find("exceeds the limit of 1024") != std::string::npos);
    limits.max_chunk_bytes = 4096;
    CHECK(decode_envelope(j.dump(), "S001", limits).has_value());
  }
  SUBCASE("oversized message") {
    EnvelopeLimits limits;
    limits.max_message_bytes = 100;
    CHECK(decode_envelope(valid().dump(), "S001", limits).error().message().find("exceeds the limit") !=
          std::string::npos);
  }
}

TEST_CASE("day-close close ids are optional, and checked when present") {
  json j = valid();
  for (const char* type : {"day-close", "day-close-answer"}) {
    j["content_type"] = type;
    j["body"] = {{"day", "2026-11-21"}, {"types", json::array()}};
    CHECK(decode_envelope(j.dump(), "S001").has_value());  // absent: a peer from before close ids
    j["body"]["close_id"] = "0123456789abcdef0123456789abcdef";
    CHECK(decode_envelope(j.dump(), "S001").has_value());
    for (const json& bad :
         {json(42), json(nullptr), json(""), json(std::string(65, 'a')), json("a b"), json("x\n")}) {
      j["body"]["close_id"] = bad;
      auto r = decode_envelope(j.dump(), "S001");
      CHECK_FALSE(r.has_value());
      CHECK(r.error().message().find("body.close_id: expected a string of 1..64") == 0);
    }
  }
  // Other content types carry no close id; the field is theirs to ignore.
  j = valid();
  j["body"]["close_id"] = 42;
  CHECK(decode_envelope(j.dump(), "S001").has_value());
}
