#pragma once
// What a decoded barcode text means to the store. One front door,
// parse_payload(), turns any text (from a camera, a serial or keyboard-wedge
// scanner, stdin) into a MemberCard, CouponCode, ProductCode or Unknown.
// It never throws and never crashes, whatever the bytes.
#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace smartstore::scanner {

enum class CheckDigitScheme { none, luhn, gs1_mod10 };

// What this deployment's membership number looks like; edge reads it from
// [scanner.member_card] of kiosk.toml.
struct MemberCardRules {
  std::size_t length = 16;            // digits after normalization, 4..32
  std::vector<std::string> prefixes;  // empty: any prefix
  CheckDigitScheme check_digit = CheckDigitScheme::luhn;
};

struct PayloadRules {
  MemberCardRules member;
  // The retailer's own product pages: https://<host>/p/product/<pd_c>.
  std::vector<std::string> retailer_hosts = {"lotteon.com", "www.lotteon.com", "m.lotteon.com"};
  std::string retailer_product_path = "/p/product/";
};

// An L.Point membership number. The digits live only in this object (no heap
// copy) and are wiped when it is destroyed; hand it to edge, which turns it
// into the member key, and let it go. Print only masked().
class MemberCard {
 public:
  static constexpr std::size_t max_digits = 32;
  MemberCard() = default;
  explicit MemberCard(std::string_view digits);
  MemberCard(const MemberCard& other);
  MemberCard& operator=(const MemberCard& other);
  ~MemberCard();

  // The normalized number. Short-lived: never log or store it.
  [[nodiscard]] std::string_view number() const { return {digits_.data(), size_}; }
  // "8710********3456": first four and last four digits.
  [[nodiscard]] std::string masked() const;

 private:
  void wipe();
  std::array<char, max_digits> digits_{};
  std::size_t size_ = 0;
};

enum class CouponKind {
  kiosk_signed,  // SC1.<base32>: issued by a kiosk, verified by edge
  hq_mcoupon,    // MC1.<body>: issued by HQ to the app, verified by edge
  gs1_coupon     // EAN-13 with prefix 981-983 / 99x, or GS1 AI (255) / (8110)
};

struct CouponCode {
  CouponKind kind = CouponKind::kiosk_signed;
  std::string code;  // as to hand to the verifier (normalized: no spaces)
};

enum class ProductSource { gtin_barcode, gs1_element_string, digital_link, retailer_url };

struct ProductCode {
  ProductSource source = ProductSource::gtin_barcode;
  std::string gtin14;            // 14 digits, left-padded; empty for retailer_url
  std::string batch;             // AI 10, when given
  std::string serial;            // AI 21, when given
  std::string retailer_product;  // pd_c from the retailer's URL
  std::vector<std::pair<std::string, std::string>> attributes;  // Digital Link query

  // What the catalog is searched by: the GTIN-14, or the pd_c of a retailer URL.
  [[nodiscard]] const std::string& catalog_key() const { return gtin14.empty() ? retailer_product : gtin14; }
};

// "4006381333931" -> "04006381333931": 8, 12, 13 or 14 digits with a valid
// GS1 check digit, left-padded to 14 (the form catalogs compare); "" otherwise.
[[nodiscard]] std::string normalised_gtin14(std::string_view digits);

enum class UnknownReason {
  empty,
  too_long,
  not_recognised,
  member_wrong_length,
  member_bad_prefix,
  member_bad_check_digit,
  gtin_bad_check_digit,
  coupon_bad_charset,
  digital_link_bad_gtin,
  element_string_malformed
};

struct UnknownCode {
  UnknownReason reason = UnknownReason::not_recognised;
  std::string raw;  // the text as read (bounded); log only masked()
  // raw with every run of >= 8 digits masked, safe for logs.
  [[nodiscard]] std::string masked() const;
};

using Payload = std::variant<MemberCard, CouponCode, ProductCode, UnknownCode>;

// Longest text kept; longer input is Unknown(too_long).
inline constexpr std::size_t max_payload_bytes = 4096;

[[nodiscard]] Payload parse_payload(std::string_view text, const PayloadRules& rules = {});
// The same under the default retailer rules: what the kiosk configures is the card.
[[nodiscard]] Payload parse_payload(std::string_view text, const MemberCardRules& member);

// What the store does with a scan. A number of the card's length failing only
// the prefix or check digit is another programme's card: a non_member_card,
// which the kiosk answers with an invitation to join.
enum class ScanKind { member, non_member_card, coupon, product, unknown };
[[nodiscard]] ScanKind scan_kind(const Payload& p);

// "member_card", "coupon", "product", "unknown".
[[nodiscard]] const char* payload_type(const Payload& p);
[[nodiscard]] const char* to_string(UnknownReason reason);
[[nodiscard]] const char* to_string(CouponKind kind);
[[nodiscard]] const char* to_string(ProductSource source);
// A printable form that is safe for logs: masked member numbers and digit runs.
[[nodiscard]] std::string describe_for_log(const Payload& p);
// Masks every run of >= 8 digits in `text` but its first and last four.
[[nodiscard]] std::string mask_digit_runs(std::string_view text);

}  // namespace smartstore::scanner
