// The one front door from decoded text to a typed payload. Order matters:
// coupons (explicit prefixes) first, then URIs, GS1 element strings, and only
// then bare digit strings, where the member card length decides between a
// membership number and a GTIN.
#include "smartstore/scanner/payload.h"

#include "gs1.h"
#include "smartstore/scanner/check_digit.h"

#include <algorithm>

namespace smartstore::scanner {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool all_digits(std::string_view s) { return !s.empty() && std::all_of(s.begin(), s.end(), is_digit); }

std::string_view trim(std::string_view s) {
  auto ws = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\0'; };
  while (!s.empty() && ws(s.front())) s.remove_prefix(1);
  while (!s.empty() && ws(s.back())) s.remove_suffix(1);
  return s;
}

UnknownCode unknown(UnknownReason reason, std::string_view raw) { return {reason, std::string(raw)}; }

bool base32_char(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '2' && c <= '7'); }
bool mcoupon_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || is_digit(c) || c == '-' || c == '_' || c == '.' ||
         c == '=';
}

std::optional<Payload> parse_coupon(std::string_view text) {
  constexpr std::size_t min_body = 8;
  if (text.substr(0, 4) == "SC1." || text.substr(0, 4) == "sc1.") {
    auto body = text.substr(4);
    if (body.size() < min_body || !std::all_of(body.begin(), body.end(), base32_char))
      return unknown(UnknownReason::coupon_bad_charset, text);
    return CouponCode{CouponKind::kiosk_signed, std::string(text)};
  }
  if (text.substr(0, 4) == "MC1." || text.substr(0, 4) == "mc1.") {
    auto body = text.substr(4);
    if (body.size() < min_body || !std::all_of(body.begin(), body.end(), mcoupon_char))
      return unknown(UnknownReason::coupon_bad_charset, text);
    return CouponCode{CouponKind::hq_mcoupon, std::string(text)};
  }
  return std::nullopt;
}

// GS1 Digital Link: the primary key may follow any path prefix the brand
// uses; qualifiers come as /22/, /10/, /21/ pairs after it.
std::optional<Payload> parse_uri(std::string_view text, const PayloadRules& rules) {
  auto uri = gs1::parse_http_uri(text);
  if (!uri) return std::nullopt;
  std::vector<std::string> segments;
  std::string_view path = uri->path;
  while (!path.empty() && segments.size() < 64) {
    if (path.front() == '/') {
      path.remove_prefix(1);
      continue;
    }
    auto slash = path.find('/');
    segments.push_back(gs1::percent_decode(path.substr(0, slash)));
    path = slash == std::string_view::npos ? std::string_view{} : path.substr(slash);
  }
  for (std::size_t i = 0; i + 1 < segments.size(); ++i) {
    if (segments[i] != "01" && segments[i] != "gtin") continue;
    ProductCode product;
    product.source = ProductSource::digital_link;
    product.gtin14 = gs1::gtin14(segments[i + 1]);
    if (product.gtin14.empty()) return unknown(UnknownReason::digital_link_bad_gtin, text);
    for (std::size_t k = i + 2; k + 1 < segments.size(); k += 2) {
      if (segments[k] == "10" || segments[k] == "lot") product.batch = segments[k + 1];
      if (segments[k] == "21" || segments[k] == "ser") product.serial = segments[k + 1];
    }
    product.attributes = std::move(uri->query);
    return product;
  }
  bool retailer = std::find(rules.retailer_hosts.begin(), rules.retailer_hosts.end(), uri->host) !=
                  rules.retailer_hosts.end();
  if (retailer && !rules.retailer_product_path.empty() &&
      uri->path.compare(0, rules.retailer_product_path.size(), rules.retailer_product_path) == 0) {
    std::string code = uri->path.substr(rules.retailer_product_path.size());
    code = code.substr(0, code.find('/'));
    bool ok = !code.empty() && code.size() <= 40 && std::all_of(code.begin(), code.end(), [](char c) {
      return is_digit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-' || c == '_';
    });
    if (ok) {
      ProductCode product;
      product.source = ProductSource::retailer_url;
      product.retailer_product = std::move(code);
      product.attributes = std::move(uri->query);
      return product;
    }
  }
  return unknown(UnknownReason::not_recognised, text);
}

std::optional<Payload> parse_elements(std::string_view text) {
  auto elements = gs1::parse_element_string(text);
  if (!elements) return std::nullopt;
  if (elements->empty()) return unknown(UnknownReason::element_string_malformed, text);
  ProductCode product;
  product.source = ProductSource::gs1_element_string;
  for (const auto& [ai, value] : *elements) {
    if (ai == "255" || ai == "8110" || ai == "8112") return CouponCode{CouponKind::gs1_coupon, std::string(text)};
    if (ai == "01" || ai == "02") {
      product.gtin14 = gs1::gtin14(value);
      if (product.gtin14.empty()) return unknown(UnknownReason::gtin_bad_check_digit, text);
    }
    if (ai == "10") product.batch = value;
    if (ai == "21") product.serial = value;
  }
  if (product.gtin14.empty()) return unknown(UnknownReason::not_recognised, text);
  return product;
}

bool prefix_allowed(std::string_view digits, const PayloadRules& rules) {
  if (rules.member.prefixes.empty()) return true;
  return std::any_of(rules.member.prefixes.begin(), rules.member.prefixes.end(),
                     [&](const std::string& p) { return digits.substr(0, p.size()) == p; });
}

bool check_ok(std::string_view digits, CheckDigitScheme scheme) {
  switch (scheme) {
    case CheckDigitScheme::none: return true;
    case CheckDigitScheme::luhn: return luhn_valid(digits);
    case CheckDigitScheme::gs1_mod10: return gs1_mod10_valid(digits);
  }
  return false;
}

bool gs1_coupon_prefix(std::string_view ean13) {
  return ean13.substr(0, 3) == "981" || ean13.substr(0, 3) == "982" || ean13.substr(0, 3) == "983" ||
         ean13.substr(0, 2) == "99";
}

Payload parse_digits(std::string_view raw, std::string_view digits, const PayloadRules& rules) {
  std::size_t n = digits.size();
  bool gtin_length = n == 8 || n == 12 || n == 13 || n == 14;
  if (n == rules.member.length && n <= MemberCard::max_digits) {
    bool prefix = prefix_allowed(digits, rules);
    if (prefix && check_ok(digits, rules.member.check_digit)) return MemberCard(digits);
    // A member length that is also a GTIN length falls through to GTINs.
    if (!gtin_length)
      return unknown(prefix ? UnknownReason::member_bad_check_digit : UnknownReason::member_bad_prefix, raw);
  }
  if (gtin_length) {
    if (!gs1_mod10_valid(digits)) return unknown(UnknownReason::gtin_bad_check_digit, raw);
    if (n == 13 && gs1_coupon_prefix(digits)) return CouponCode{CouponKind::gs1_coupon, std::string(digits)};
    ProductCode product;
    product.gtin14 = gs1::gtin14(digits);
    return product;
  }
  // Card-like lengths that are not this deployment's card: say so, it helps
  // the technician who configured the wrong length.
  if (n >= 15 && n <= 19) return unknown(UnknownReason::member_wrong_length, raw);
  return unknown(UnknownReason::not_recognised, raw);
}

}  // namespace

Payload parse_payload(std::string_view input, const PayloadRules& rules) {
  if (input.size() > max_payload_bytes) return unknown(UnknownReason::too_long, input.substr(0, max_payload_bytes));
  std::string_view text = trim(input);
  if (text.empty()) return unknown(UnknownReason::empty, input);

  if (auto coupon = parse_coupon(text)) return std::move(*coupon);
  if (auto uri = parse_uri(text, rules)) return std::move(*uri);
  if (auto elements = parse_elements(text)) return std::move(*elements);

  // Printed card numbers come grouped: "8710 1234-5678 3456".
  std::string digits;
  bool only_digits_and_separators = true;
  for (char c : text) {
    if (is_digit(c))
      digits.push_back(c);
    else if (c != ' ' && c != '-')
      only_digits_and_separators = false;
  }
  if (only_digits_and_separators && all_digits(digits)) {
    Payload p = parse_digits(text, digits, rules);
    std::fill(digits.begin(), digits.end(), '\0');
    return p;
  }
  std::fill(digits.begin(), digits.end(), '\0');
  return unknown(UnknownReason::not_recognised, text);
}

Payload parse_payload(std::string_view text, const MemberCardRules& member) {
  PayloadRules rules;
  rules.member = member;
  return parse_payload(text, rules);
}

ScanKind scan_kind(const Payload& p) {
  if (std::holds_alternative<MemberCard>(p)) return ScanKind::member;
  if (std::holds_alternative<CouponCode>(p)) return ScanKind::coupon;
  if (std::holds_alternative<ProductCode>(p)) return ScanKind::product;
  const UnknownReason reason = std::get<UnknownCode>(p).reason;
  if (reason == UnknownReason::member_bad_prefix || reason == UnknownReason::member_bad_check_digit)
    return ScanKind::non_member_card;
  return ScanKind::unknown;
}

const char* payload_type(const Payload& p) {
  switch (p.index()) {
    case 0: return "member_card";
    case 1: return "coupon";
    case 2: return "product";
    default: return "unknown";
  }
}

const char* to_string(UnknownReason reason) {
  switch (reason) {
    case UnknownReason::empty: return "empty";
    case UnknownReason::too_long: return "too_long";
    case UnknownReason::not_recognised: return "not_recognised";
    case UnknownReason::member_wrong_length: return "member_wrong_length";
    case UnknownReason::member_bad_prefix: return "member_bad_prefix";
    case UnknownReason::member_bad_check_digit: return "member_bad_check_digit";
    case UnknownReason::gtin_bad_check_digit: return "gtin_bad_check_digit";
    case UnknownReason::coupon_bad_charset: return "coupon_bad_charset";
    case UnknownReason::digital_link_bad_gtin: return "digital_link_bad_gtin";
    case UnknownReason::element_string_malformed: return "element_string_malformed";
  }
  return "unknown";
}

const char* to_string(CouponKind kind) {
  switch (kind) {
    case CouponKind::kiosk_signed: return "kiosk_signed";
    case CouponKind::hq_mcoupon: return "hq_mcoupon";
    case CouponKind::gs1_coupon: return "gs1_coupon";
  }
  return "unknown";
}

const char* to_string(ProductSource source) {
  switch (source) {
    case ProductSource::gtin_barcode: return "gtin_barcode";
    case ProductSource::gs1_element_string: return "gs1_element_string";
    case ProductSource::digital_link: return "digital_link";
    case ProductSource::retailer_url: return "retailer_url";
  }
  return "unknown";
}

std::string describe_for_log(const Payload& p) {
  if (const auto* card = std::get_if<MemberCard>(&p)) return "member_card " + card->masked();
  if (const auto* coupon = std::get_if<CouponCode>(&p))
    return std::string("coupon ") + to_string(coupon->kind) + " " + mask_digit_runs(coupon->code);
  if (const auto* product = std::get_if<ProductCode>(&p))
    return std::string("product ") + to_string(product->source) + " " +
           (product->gtin14.empty() ? mask_digit_runs(product->retailer_product) : product->gtin14);
  const auto& u = std::get<UnknownCode>(p);
  return std::string("unknown ") + to_string(u.reason) + " " + u.masked();
}

}  // namespace smartstore::scanner
