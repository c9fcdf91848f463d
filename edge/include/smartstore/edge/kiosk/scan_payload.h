#pragma once
// What a decoded scan is, for the kiosk: the scanner part's parse_payload()
// (smartstore/scanner/payload.h) under the kiosk's card rules, reduced to
// what the kiosk acts on.
#include <string>
#include <string_view>

#include "smartstore/edge/kiosk_config.h"

namespace smartstore::edge::kiosk {

enum class PayloadKind { member_card, non_member_card, coupon, product, unknown };

struct ScanPayload {
  PayloadKind kind = PayloadKind::unknown;
  std::string value;  // member: the normalized number; product: GTIN-14 or pd_c; coupon: the code
};

// Member: digits of the configured length, prefix and check digit; a number
// failing only the prefix or check digit is a non-member card (join invitation);
// coupon: SC1./MC1./GS1 coupon; product: GTIN-14 or the retailer's pd_c.
[[nodiscard]] ScanPayload classify_scan(std::string_view text, const MemberCardSection& card);

}  // namespace smartstore::edge::kiosk
