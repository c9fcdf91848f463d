// decode_profile is a hand-written reader (models/src/profile_decoder.h). A
// reader on nlohmann's DOM is the reference (profile_reference.h): both
// must accept the same lines, produce the same profiles bit for bit, and
// reject the same lines. Here on generated lines and hand-made edge cases;
// profile_decoder_batch_test.cpp does it on the real batch output.
#include <doctest/doctest.h>

#include <cmath>
#include <random>

#include "models/support/profile_reference.h"
#include "smartstore/models/snapshot_format.h"

using namespace smartstore::models;
using namespace smartstore::models::testing_reference;

namespace {

// Profiles like the batch writes, with text and numbers of every kind.
std::vector<std::string> generated_lines() {
  std::mt19937_64 rng(5);
  const std::vector<std::string> words{"", "과자", "F", "여성의류", "a\"q", "back\\slash", "tab\t", "Z01", "At Risk",
                                       "ctl\x01", "emoji \xF0\x9F\x98\x80"};
  auto word = [&] { return words[rng() % words.size()]; };
  std::vector<std::string> lines;
  for (int i = 0; i < 200; ++i) {
    CustomerProfile p;
    p.member_key = sha256_hex("member " + std::to_string(i));
    p.gender = word();
    p.age_band = word();
    p.home_zone = word();
    p.tier = word();
    p.grade = word();
    p.segment = word();
    p.behaviour_type = word();
    for (int k = 0, n = static_cast<int>(rng() % 6); k < n; ++k)
      p.preferences.push_back({word(), std::ldexp(static_cast<double>(rng() % 100000), -(static_cast<int>(rng() % 20))),
                               static_cast<std::int64_t>(rng() % 1000) - 5});
    p.clv_3m_krw = static_cast<double>(rng() % 10000000) / 7.0;
    p.p_alive = static_cast<double>(rng() % 1000) / 1000.0;
    p.total_spend_krw = static_cast<std::int64_t>(rng() >> 1) * (i % 2 ? 1 : -1);
    p.purchase_days = static_cast<std::int64_t>(rng() % 400);
    p.last_purchase_date = i % 5 == 0 ? "" : "2019-12-0" + std::to_string(1 + i % 9);
    p.next_purchase_date = word();
    p.expected_spend_krw = static_cast<std::int64_t>(rng() % 100000);
    p.companion_products = {word(), "P" + std::to_string(i)};
    if (i % 3 == 0) p.companion_products.clear();
    if (i % 3 == 1) {
      p.companion_if = {word(), word() + "+" + word()};
      p.companion_lift = {static_cast<double>(rng() % 10000) / 7.0, 1.5};
      p.cluster_category = word();
      p.survey_favourite = word();
    }
    p.recommended_categories = {word()};
    p.consent_marketing = i % 4 != 0;
    lines.push_back(encode_profile(p));
  }
  return lines;
}

}  // namespace

TEST_CASE("decode_profile: generated profile lines read as nlohmann read them") {
  const auto lines = generated_lines();
  Verdicts v;
  for (const auto& line : lines) compare(line, v);
  CHECK(v.accepted == static_cast<int>(lines.size()));
  for (const auto& line : lines) CHECK(encode_profile(*decode_profile(line)) == line);
}

TEST_CASE("decode_profile: random byte mutations of generated lines get the reference's verdict") {
  const auto lines = generated_lines();
  std::mt19937_64 rng(20240601);
  Verdicts v;
  for (int round = 0; round < 4000; ++round) {
    compare(mutated(lines[rng() % lines.size()], rng), v);
  }
  CHECK(v.accepted > 200);
  CHECK(v.rejected > 2000);
}

TEST_CASE("decode_profile: structural mutations — types, nulls, duplicates, escapes, numbers — as nlohmann") {
  Verdicts v;
  const std::vector<std::string> values = {
      "null", "true", "false", "0", "-0", "1", "-1", "12.7", "-12.7", "1e3", "1E-2", "2.5e+300", "1e400",
      "-1e400", "1e-400", "18446744073709551615", "18446744073709551616", "9223372036854775808",
      "-9223372036854775808", "-9223372036854775809", "123456789012345678901234567890", "01", "1.", ".5",
      "+1", "\"\"", "\"x\"", "\"한글\"", "\"\\u0041\\u00e9\\uD83D\\uDE00\"", "\"\\uDE00\"", "\"\\uD83D\"",
      "\"\\u0000\"", "\"a\\/b\"", "\"\\x\"", "[]", "[\"a\",\"b\"]", "[\"a\",1]", "[null]", "{}",
      "{\"c\":\"x\",\"i\":1}", "[{\"c\":\"x\",\"i\":5,\"n\":2}]", "[{\"c\":\"x\",\"i\":5.5}]",
      "[{\"c\":\"x\",\"i\":5,\"n\":null}]", "[{\"c\":\"x\",\"i\":null}]", "[{\"c\":1,\"i\":5}]",
      "[{\"i\":5}]", "[{\"c\":\"x\",\"i\":\"5\"}]", "[{\"c\":\"x\",\"i\":5,\"n\":1.9}]", "[[]]", "[1]",
      "{\"b\":{\"c\":\"b\",\"i\":2},\"a\":{\"c\":\"a\",\"i\":1},\"a\":{\"c\":\"a2\",\"i\":3}}",
      "[{\"c\":\"x\",\"c\":\"y\",\"i\":1,\"i\":2,\"z\":[{\"deep\":[1,2,{\"q\":null}]}]}]",
      "[{\"c\":\"x\",\"i\":true}]", "[{\"c\":\"x\",\"i\":1,\"n\":false}]", "[ ]", " [ \"a\" , \"b\" ] "};
  const std::vector<std::string> fields = {"gender", "age",  "zone",      "tier",       "grade",       "segment",
                                           "behaviour", "prefs", "clv_3m", "p_alive",    "spend",       "days",
                                           "last",   "next", "exp_spend", "companions", "recommended", "consent",
                                           "companion_if", "companion_lift", "cluster_category", "survey", "other"};
  for (const auto& f : fields) {
    for (const auto& val : values) {
      compare(line_with(",\"" + f + "\":" + val), v);
      // A duplicate: only the last value counts, whatever the first was.
      compare(line_with(",\"" + f + "\":" + val + ",\"" + f + "\":null"), v);
      compare(line_with(",\"" + f + "\":\"s\",\"" + f + "\":" + val), v);
      // The name spelled with an escape is the same name.
      compare("{\"k\\u0065y\":\"" + kKey + "\",\"" + f + "\":" + val + "}", v);
    }
  }
  for (const auto& val : values) compare("{\"key\":" + val + "}", v);
  for (const std::string& whole :
       {std::string(""), std::string("{}"), std::string("[]"), std::string("null"), line_with("") + " ",
        line_with("") + "x", line_with("") + "}", "\xEF\xBB\xBF" + line_with(""), "\xEF\xBB" + line_with(""),
        " \t\r\n" + line_with("") + "\n", line_with(",") , line_with(",\"a\"") , line_with(",\"a\":"),
        "{\"key\":\"" + std::string(64, 'A') + "\"}", "{\"key\":\"" + std::string(63, 'a') + "\"}",
        "{\"key\":\"" + kKey + "\",\"key\":\"" + std::string(64, 'b') + "\"}",
        "{\"key\":\"" + kKey + "\",\"key\":1}", std::string(2000, '[') + std::string(2000, ']'),
        line_with(",\"x\":" + std::string(5000, '[') + std::string(5000, ']')),
        line_with(",\"x\":" + std::string(5000, '[') + std::string(4999, ']')), std::string(1, '\0'),
        line_with(",\"zone\":\"a\tb\""), line_with(",\"zone\":\"\xC3\""), line_with(",\"zone\":\"\xED\xA0\x80\"")}) {
    compare(whole, v);
  }
  CHECK(v.accepted > 200);
  CHECK(v.rejected > 200);
}

TEST_CASE("decode_profile: a rejected line names the field and what was expected") {
  auto where = [](const std::string& line) {
    const auto r = decode_profile(line);
    REQUIRE_FALSE(r.has_value());
    return r.error().message();
  };
  CHECK(where("{\"tier\":\"star\"}") == "profile.key: expected a string");
  CHECK(where(line_with(",\"tier\":5")) == "profile.tier: expected a string");
  CHECK(where(line_with(",\"spend\":\"5\"")) == "profile.spend: expected a number");
  CHECK(where(line_with(",\"consent\":1")) == "profile.consent: expected true or false");
  CHECK(where(line_with(",\"companions\":[\"a\",2]")) == "profile.companions: expected an array of strings");
  CHECK(where(line_with(",\"companion_lift\":[1.5,\"2\"]")) == "profile.companion_lift: expected an array of numbers");
  CHECK(where(line_with(",\"prefs\":[{\"c\":\"a\",\"i\":1},{\"c\":\"b\"}]")) == "profile.prefs[1].i: expected a number");
  CHECK(where(line_with(",\"prefs\":[{\"c\":\"a\",\"i\":1,\"n\":null}]")) == "profile.prefs[0].n: expected a number");
  CHECK(where(line_with(",\"prefs\":7")) == "profile.prefs[0]: expected an object");
  CHECK(where("{\"key\":\"" + std::string(64, 'A') + "\"}") == "profile.key: expected 64 lower-case hex characters");
  CHECK(where(line_with(",\"zone\":\"\xC3\"")) == "profile: not a JSON object");
  // decode_chunk puts the line number in front.
  const auto chunk = decode_chunk(line_with("") + "\n\n" + line_with(",\"days\":true") + "\n");
  REQUIRE_FALSE(chunk.has_value());
  CHECK(chunk.error().message() == "line 3: profile.days: expected a number");
}
