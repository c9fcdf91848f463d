#include "smartstore/edge/kiosk/scan_payload.h"

#include <type_traits>

#include "smartstore/scanner/payload.h"

namespace smartstore::edge::kiosk {
namespace {
scanner::CheckDigitScheme scheme_of(CheckDigitScheme s) {
  switch (s) {
    case CheckDigitScheme::none: return scanner::CheckDigitScheme::none;
    case CheckDigitScheme::luhn: return scanner::CheckDigitScheme::luhn;
    case CheckDigitScheme::gs1_mod10: return scanner::CheckDigitScheme::gs1_mod10;
  }
  return scanner::CheckDigitScheme::luhn;
}
}  // namespace

ScanPayload classify_scan(std::string_view text, const MemberCardSection& card) {
  scanner::PayloadRules rules;
  rules.member_length = card.length;
  rules.member_prefixes = card.prefixes;
  rules.member_check = scheme_of(card.check_digit);
  scanner::Payload payload = scanner::parse_payload(text, rules);
  return std::visit(
      [](const auto& p) -> ScanPayload {
        using T = std::decay_t<decltype(p)>;
        if constexpr (std::is_same_v<T, scanner::MemberCard>) {
          return {PayloadKind::member_card, std::string(p.number())};
        } else if constexpr (std::is_same_v<T, scanner::CouponCode>) {
          return {PayloadKind::coupon, p.code};
        } else if constexpr (std::is_same_v<T, scanner::ProductCode>) {
          return {PayloadKind::product, p.gtin14.empty() ? p.retailer_product : p.gtin14};
        } else {
          // A card-length number that is not ours: another programme's card, invite to join.
          if (p.reason == scanner::UnknownReason::member_bad_prefix ||
              p.reason == scanner::UnknownReason::member_bad_check_digit)
            return {PayloadKind::non_member_card, {}};
          return {PayloadKind::unknown, {}};
        }
      },
      payload);
}

}  // namespace smartstore::edge::kiosk
