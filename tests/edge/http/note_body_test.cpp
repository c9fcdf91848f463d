// ctest-labels: unit security
#include <doctest/doctest.h>

#include <algorithm>

#include "smartstore/edge/http/api_router.h"
#include "smartstore/edge/http/note_body.h"

using namespace smartstore::edge;
using namespace smartstore::edge::http;

namespace {
using NoteParse = smartstore::Result<StaffNote>;
std::vector<std::string> fields_of(const NoteParse& p) {
  std::vector<std::string> out;
  if (!p)
    for (const auto& e : p.error().fields()) out.push_back(e.field);
  return out;
}
bool names(const NoteParse& p, const std::string& field) {
  auto f = fields_of(p);
  return std::find(f.begin(), f.end(), field) != f.end();
}
}  // namespace

TEST_CASE("a full note parses into the kiosk's StaffNote") {
  auto p = parse_note_body(R"({
    "items": [{"product_code": "8801234567890", "quantity": 2, "price_krw": 15900},
              {"category": "여성의류", "price_krw": 89000, "sold": false}],
    "considered": [{"category": "아동의류", "price_krw": 45000}],
    "deliberation_min": 12.5,
    "remarks": "손님이 다음 주 세일을 물어봄",
    "survey": {"favourite_category": "화장품", "reason": "가까워서", "preferred_channel": "app"}})");
  REQUIRE_MESSAGE(p.has_value(),
                  (p ? std::string() : p.error().fields()[0].field + ": " + p.error().fields()[0].message));
  const auto& n = *p;
  REQUIRE(n.items.size() == 2);
  CHECK(n.items[0].product_code == "8801234567890");
  CHECK(n.items[0].quantity == 2);
  CHECK(n.items[0].price_krw == 15900);
  CHECK(n.items[0].sold);
  CHECK_FALSE(n.items[1].sold);
  CHECK(n.items[1].quantity == 1);
  REQUIRE(n.considered.size() == 1);
  CHECK_FALSE(n.considered[0].sold);
  CHECK(n.deliberation_min == doctest::Approx(12.5));
  REQUIRE(n.survey);
  CHECK(n.survey->preferred_channel == "app");
}

TEST_CASE("every bad field is named at once and nothing is returned") {
  auto p = parse_note_body(R"({
    "items": [{"quantity": 0, "price_krw": -5, "sold": "yes"},
              {"product_code": 12, "price_krw": 100000001},
              {"category": "x", "quantity": 1.5, "price_krw": "1000"},
              {"category": "x"},
              "bag"],
    "considered": [{"category": "y", "sold": true}],
    "deliberation_min": -1,
    "remarks": 7,
    "survey": {"preferred_channel": "fax", "favourite_category": ["a"], "age": 30},
    "colour": "red"})");
  CHECK_FALSE(p.has_value());
  for (const char* f :
       {"items[0].product_code", "items[0].quantity", "items[0].price_krw", "items[0].sold",
        "items[1].product_code", "items[1].price_krw", "items[2].quantity", "items[2].price_krw",
        "items[3].price_krw", "items[4]", "considered[0].sold", "deliberation_min", "remarks",
        "survey.preferred_channel", "survey.favourite_category", "survey.age", "colour"})
    CHECK_MESSAGE(names(p, f), f);
}

TEST_CASE("limits: list length, text length in characters, deliberation range") {
  std::string many = R"({"items": [)";
  for (int i = 0; i < 51; ++i) many += std::string(i ? "," : "") + R"({"category":"c","price_krw":1})";
  many += "]}";
  CHECK(names(parse_note_body(many), "items"));
  // 500 Hangul syllables are 1500 bytes but 500 characters: allowed; 501 are not.
  std::string hangul;
  for (int i = 0; i < 500; ++i) hangul += "가";
  CHECK(parse_note_body(R"({"remarks": ")" + hangul + R"("})").has_value());
  CHECK(names(parse_note_body(R"({"remarks": ")" + hangul + R"(가"})"), "remarks"));
  CHECK(names(parse_note_body(R"({"deliberation_min": 601})"), "deliberation_min"));
  CHECK(names(parse_note_body(R"({"deliberation_min": "5"})"), "deliberation_min"));
  CHECK(parse_note_body(R"({"deliberation_min": 0})").has_value());
  CHECK(names(parse_note_body(R"({"items": [{"category":"c","price_krw":18446744073709551615}]})"),
              "items[0].price_krw"));
}

TEST_CASE("remarks that look like personal data are refused") {
  CHECK(names(parse_note_body(R"({"remarks": "전화 010-1234-5678 로 연락"})"), "remarks"));
  CHECK(names(parse_note_body(R"({"remarks": "card 1234 5678 9012 3456"})"), "remarks"));
  CHECK(names(parse_note_body(R"({"remarks": "mail kim@example.com"})"), "remarks"));
  CHECK(parse_note_body(R"({"remarks": "2 shirts, size 95, back on 12.24"})").has_value());
}

TEST_CASE("malformed, non-object and empty bodies are refused as a whole") {
  for (const char* body : {"", "{", "[1,2]", "\"note\"", "null", "{\"items\": [}", "{}"}) {
    auto p = parse_note_body(body);
    CHECK_FALSE(p.has_value());
    CHECK_MESSAGE(names(p, "body"), body);
  }
}

TEST_CASE("member numbers are masked to their last four digits") {
  CHECK(mask_member_number("1234567890123456") == "************3456");
  CHECK(mask_member_number("1234-5678 9012 3456") == "************3456");
  CHECK(mask_member_number("12345") == "*****");
}

TEST_CASE("bodies that used to be stored: a NUL in remarks, a key given twice, full-width card digits") {
  CHECK(names(parse_note_body("{\"remarks\": \"ok\\u0000hidden\"}"), "remarks"));
  CHECK(names(parse_note_body("{\"remarks\": \"bell\\u0007\"}"), "remarks"));
  CHECK(names(parse_note_body(R"({"survey": {"reason": "tab\there"}})"), "survey.reason"));
  CHECK(parse_note_body(R"({"remarks": "line one\nline two"})").has_value());
  CHECK(names(parse_note_body(R"({"remarks": "a", "remarks": "b"})"), "remarks"));
  CHECK(names(parse_note_body(R"({"": 1, "remarks": "ok"})"), "\"\""));  // even an empty key is named
  CHECK(names(parse_note_body(R"({"items": [{"category": "c", "price_krw": 1, "price_krw": 2}]})"),
              "price_krw"));
  // "１２３４ ５６７８ ９０１２ ３４５６" in full-width digits, then with other separators.
  CHECK(names(parse_note_body(R"({"remarks": "카드 １２３４ ５６７８ ９０１２ ３４５６"})"), "remarks"));
  CHECK(names(parse_note_body(R"({"remarks": "phone 010/1234/5678"})"), "remarks"));
  CHECK(names(parse_note_body(R"({"remarks": "phone (010)1234_5678"})"), "remarks"));
  CHECK(names(parse_note_body(R"({"remarks": "mail kim＠example.com"})"), "remarks"));
  // Every free-text field is screened, not only remarks.
  CHECK(names(parse_note_body(R"({"survey": {"reason": "010-1234-5678"}})"), "survey.reason"));
  CHECK(names(parse_note_body(R"({"survey": {"favourite_category": "kim@example.com"}})"),
              "survey.favourite_category"));
  CHECK(names(parse_note_body(R"({"items": [{"category": "010 1234 5678", "price_krw": 1}]})"),
              "items[0].category"));
  CHECK(names(parse_note_body(R"({"items": [{"product_code": "1234-5678-9012-3456", "price_krw": 1}]})"),
              "items[0].product_code"));
  // Sizes, prices and product barcodes are not personal data.
  CHECK(parse_note_body(R"({"remarks": "sizes 95, 100, 105, 110 asked"})").has_value());
  CHECK(parse_note_body(R"({"items": [{"product_code": "8801234567893", "price_krw": 1}]})").has_value());
}
