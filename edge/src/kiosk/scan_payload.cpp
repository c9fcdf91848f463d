#include "smartstore/edge/kiosk/scan_payload.h"

#include <algorithm>

#include "smartstore/edge/coupon/coupon_code.h"
#include "smartstore/models/member_key.h"
#include "smartstore/scanner/check_digit.h"

namespace smartstore::edge::kiosk {
namespace {
bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool check_ok(std::string_view digits, CheckDigitScheme scheme) {
  switch (scheme) {
    case CheckDigitScheme::none: return true;
    case CheckDigitScheme::luhn: return scanner::luhn_valid(digits);
    case CheckDigitScheme::gs1_mod10: return scanner::gs1_mod10_valid(digits);
  }
  return false;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\r' || s.front() == '\n' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r' || s.back() == '\n' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}
}  // namespace

ScanPayload classify_scan(std::string_view raw, const MemberCardSection& card) {
  std::string_view text = trim(raw);
  if (text.starts_with(coupon::kStorePrefix) || text.starts_with(coupon::kHqPrefix))
    return {PayloadKind::coupon, std::string(text)};
  // Printed card numbers carry spaces or dashes; a scan carries digits only.
  bool card_like = !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= '0' && c <= '9') || c == ' ' || c == '-';
  });
  std::string digits = card_like ? models::normalize_member_number(text) : std::string();
  if (digits.size() == card.length) {
    bool prefix_ok = card.prefixes.empty() || std::any_of(card.prefixes.begin(), card.prefixes.end(),
                                                          [&](const std::string& p) { return digits.starts_with(p); });
    if (prefix_ok && check_ok(digits, card.check_digit)) return {PayloadKind::member_card, digits};
  }
  if (all_digits(text) && (text.size() == 8 || text.size() == 12 || text.size() == 13 || text.size() == 14) &&
      scanner::gs1_mod10_valid(text)) {
    return {PayloadKind::product, std::string(text)};
  }
  // A card-length number that is not ours: another programme's card, invite to join.
  if (digits.size() == card.length) return {PayloadKind::non_member_card, {}};
  return {PayloadKind::unknown, {}};
}

}  // namespace smartstore::edge::kiosk
