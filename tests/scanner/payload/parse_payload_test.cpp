#include <doctest/doctest.h>

#include "smartstore/scanner/check_digit.h"
#include "smartstore/scanner/payload.h"

#include <random>

using namespace smartstore::scanner;

namespace {
// By value: the payloads under test are temporaries.
template <class T>
T as(const Payload& p) {
  REQUIRE(std::holds_alternative<T>(p));
  return std::get<T>(p);
}
UnknownReason reason_of(const Payload& p) {
  return as<UnknownCode>(p).reason;
}
}  // namespace

TEST_CASE("member card: 16 Luhn digits, normalized, masked") {
  PayloadRules rules;
  const auto card = as<MemberCard>(parse_payload("8710123456783459", rules));
  CHECK(card.number() == "8710123456783459");
  CHECK(card.masked() == "8710********3459");
  // Printed in four groups, with spaces or dashes, and scanner CR/LF.
  CHECK(as<MemberCard>(parse_payload("8710 1234 5678 3459\r\n", rules)).number() == "8710123456783459");
  CHECK(as<MemberCard>(parse_payload("8710-1234-5678-3459", rules)).number() == "8710123456783459");
  CHECK(describe_for_log(parse_payload("8710123456783459", rules)) == "member_card 8710********3459");
}

TEST_CASE("member card rejections name the reason") {
  PayloadRules rules;
  CHECK(reason_of(parse_payload("8710123456783458", rules)) == UnknownReason::member_bad_check_digit);
  CHECK(reason_of(parse_payload("871012345678345", rules)) == UnknownReason::member_wrong_length);
  rules.member.prefixes = {"8710", "8711"};
  CHECK(std::holds_alternative<MemberCard>(parse_payload("8710123456783459", rules)));
  rules.member.prefixes = {"9999"};
  CHECK(reason_of(parse_payload("8710123456783459", rules)) == UnknownReason::member_bad_prefix);
}

TEST_CASE("member card check-digit schemes come from the rules") {
  PayloadRules rules;
  rules.member.check_digit = CheckDigitScheme::none;
  CHECK(std::holds_alternative<MemberCard>(parse_payload("8710123456783458", rules)));
  rules.member.check_digit = CheckDigitScheme::gs1_mod10;
  const std::string body = "871012345678345";
  const std::string gs1 = body + gs1_mod10_digit(body);
  CHECK(std::holds_alternative<MemberCard>(parse_payload(gs1, rules)));
  CHECK(reason_of(parse_payload("8710123456783459", rules)) == UnknownReason::member_bad_check_digit);
  CHECK(luhn_digit("7992739871") == '3');  // the textbook example, 79927398713
  // Random Luhn-valid numbers of the configured length are all accepted.
  rules.member.check_digit = CheckDigitScheme::luhn;
  rules.member.length = 12;
  std::mt19937 rng(7);
  for (int i = 0; i < 200; ++i) {
    std::string n;
    for (int k = 0; k < 11; ++k) n.push_back(static_cast<char>('0' + rng() % 10));
    int valid_digits = 0;
    for (char d = '0'; d <= '9'; ++d) valid_digits += luhn_valid(n + d) ? 1 : 0;
    CHECK(valid_digits == 1);  // exactly one check digit completes a body
    n.push_back(luhn_digit(n));
    REQUIRE(luhn_valid(n));
    // 12 digits is also a UPC length; a card wins when it fits the rules.
    CHECK(std::holds_alternative<MemberCard>(parse_payload(n, rules)));
  }
}

TEST_CASE("products: GTIN-8/12/13/14 with GS1 check digit, padded to 14") {
  CHECK(as<ProductCode>(parse_payload("8801234567893")).gtin14 == "08801234567893");
  CHECK(as<ProductCode>(parse_payload("96385074")).gtin14 == "00000096385074");
  CHECK(as<ProductCode>(parse_payload("036000291452")).gtin14 == "00036000291452");
  CHECK(as<ProductCode>(parse_payload("10880123456789")).gtin14 == "10880123456789");
  CHECK(reason_of(parse_payload("8801234567890")) == UnknownReason::gtin_bad_check_digit);
  // The catalog's key comes from the same rule, so scan and catalog agree.
  CHECK(normalised_gtin14("8801234567893") == "08801234567893");
  CHECK(normalised_gtin14("8801234567890").empty());
  CHECK(normalised_gtin14("1234567").empty());
  CHECK(normalised_gtin14("88012345678x3").empty());
}

TEST_CASE("GS1 Digital Link on any domain, qualifiers and query attributes") {
  const auto p = as<ProductCode>(parse_payload(
      "https://id.example.org/01/08801234567893/10/LOT%2042/21/SER9?17=261231&linkType=gs1:pip"));
  CHECK(p.source == ProductSource::digital_link);
  CHECK(p.gtin14 == "08801234567893");
  CHECK(p.batch == "LOT 42");
  CHECK(p.serial == "SER9");
  REQUIRE(p.attributes.size() == 2);
  CHECK(p.attributes[0] == std::pair<std::string, std::string>{"17", "261231"});
  CHECK(p.attributes[1].second == "gs1:pip");
  // A brand's own path prefix before the primary key, GTIN-13 given short.
  CHECK(as<ProductCode>(parse_payload("HTTP://Brand.Example/products/01/8801234567893")).gtin14 ==
        "08801234567893");
  CHECK(reason_of(parse_payload("https://id.gs1.org/01/08801234567890")) ==
        UnknownReason::digital_link_bad_gtin);
  CHECK(reason_of(parse_payload("https://example.com/about")) == UnknownReason::not_recognised);
}

TEST_CASE("retailer product URLs") {
  const auto p = as<ProductCode>(parse_payload("https://m.lotteon.com/p/product/LO1234567890?sitmNo=LO1_1"));
  CHECK(p.source == ProductSource::retailer_url);
  CHECK(p.retailer_product == "LO1234567890");
  CHECK(p.gtin14.empty());
  CHECK(std::holds_alternative<UnknownCode>(parse_payload("https://evil.example/p/product/LO1")));
  PayloadRules rules;
  rules.retailer_hosts = {"shop.example"};
  CHECK(as<ProductCode>(parse_payload("https://shop.example/p/product/P77", rules)).retailer_product ==
        "P77");
}

TEST_CASE("GS1 element strings: products and coupons") {
  const auto hri = as<ProductCode>(parse_payload("(01)08801234567893(10)ABC12(21)77"));
  CHECK(hri.source == ProductSource::gs1_element_string);
  CHECK(hri.gtin14 == "08801234567893");
  CHECK(hri.batch == "ABC12");
  CHECK(hri.serial == "77");
  const auto raw =
      as<ProductCode>(parse_payload("]C10108801234567893172612311"
                                    "0B7\x1d"
                                    "21S1"));
  CHECK(raw.gtin14 == "08801234567893");
  CHECK(raw.batch == "B7");
  CHECK(raw.serial == "S1");
  CHECK(as<CouponCode>(parse_payload("(255)9812345678902123")).kind == CouponKind::gs1_coupon);
  CHECK(as<CouponCode>(parse_payload("]C12559812345678902123")).kind == CouponKind::gs1_coupon);
  CHECK(reason_of(parse_payload("(01)08801234567890")) == UnknownReason::gtin_bad_check_digit);
  CHECK(reason_of(parse_payload("(01")) == UnknownReason::element_string_malformed);
}

TEST_CASE("coupons: kiosk SC1, HQ MC1, GS1 prefixes 981-983 and 99x") {
  CHECK(as<CouponCode>(parse_payload("SC1.MFRGGZDFMZTWQ2LKNNWG23TP")).kind == CouponKind::kiosk_signed);
  CHECK(as<CouponCode>(parse_payload("MC1.eyJ2IjoxfQ.c2lnbmF0dXJl_-")).kind == CouponKind::hq_mcoupon);
  CHECK(reason_of(parse_payload("SC1.MFRGGZDF0189")) ==
        UnknownReason::coupon_bad_charset);  // 0,1,8,9 not base32
  CHECK(reason_of(parse_payload("SC1.AB")) == UnknownReason::coupon_bad_charset);
  CHECK(reason_of(parse_payload("MC1.abc def ghi")) == UnknownReason::coupon_bad_charset);
  CHECK(as<CouponCode>(parse_payload("9812345678902")).kind == CouponKind::gs1_coupon);
  CHECK(as<CouponCode>(parse_payload("9900000012342")).kind == CouponKind::gs1_coupon);
}

TEST_CASE("unknown keeps the text; logs mask digit runs of 8 or more") {
  const auto u = as<UnknownCode>(parse_payload("hello 12345678901 and 1234567"));
  CHECK(u.raw == "hello 12345678901 and 1234567");
  CHECK(u.masked() == "hello 1234***8901 and 1234567");
  CHECK(mask_digit_runs("card 8710 1234 5678 3458!") == "card 8710 **** **** 3458!");
  CHECK(reason_of(parse_payload("")) == UnknownReason::empty);
  CHECK(reason_of(parse_payload(" \r\n")) == UnknownReason::empty);
  CHECK(reason_of(parse_payload(std::string(5000, 'x'))) == UnknownReason::too_long);
  // A failed card number never reaches a log unmasked.
  CHECK(describe_for_log(parse_payload("8710123456783458")).find("12345678") == std::string::npos);
}

TEST_CASE("the kind of a scan, as the kiosk acts on it") {
  CHECK(scan_kind(parse_payload("8710123456783459")) == ScanKind::member);
  // The card's length, but another programme's number: invite to join.
  CHECK(scan_kind(parse_payload("8710123456783458")) == ScanKind::non_member_card);
  MemberCardRules ours;
  ours.prefixes = {"9999"};
  CHECK(scan_kind(parse_payload("8710123456783459", ours)) == ScanKind::non_member_card);
  CHECK(scan_kind(parse_payload("SC1.MFRGGZDFMZTWQ2LKNNWG23TP")) == ScanKind::coupon);
  const Payload product = parse_payload("4006381333931");
  CHECK(scan_kind(product) == ScanKind::product);
  CHECK(std::get<ProductCode>(product).catalog_key() == "04006381333931");
  const Payload retailer = parse_payload("https://www.lotteon.com/p/product/LO1234567");
  REQUIRE(scan_kind(retailer) == ScanKind::product);
  CHECK(std::get<ProductCode>(retailer).catalog_key() == "LO1234567");
  CHECK(scan_kind(parse_payload("871012345678345")) == ScanKind::unknown);  // wrong length
  CHECK(scan_kind(parse_payload("hello")) == ScanKind::unknown);
}

TEST_CASE("never crashes on arbitrary bytes") {
  std::mt19937 rng(42);
  const std::string alphabet = "0123456789 -()/.?&=%:\x1d]C1SMhtps01";
  for (int i = 0; i < 3000; ++i) {
    std::string s;
    std::size_t len = rng() % 64;
    for (std::size_t k = 0; k < len; ++k)
      s.push_back(i % 2 ? static_cast<char>(rng() % 256) : alphabet[rng() % alphabet.size()]);
    Payload p = parse_payload(s);
    CHECK(payload_type(p) != nullptr);
    (void)describe_for_log(p);
  }
}
