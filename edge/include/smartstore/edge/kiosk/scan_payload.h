#pragma once
// What a decoded scan is, for the kiosk. A minimal stand-in for the scanner
// part's payload parser (smartstore/scanner/payload.h) until it lands; kept in
// this one file so the swap touches nothing else.
#include <string>
#include <string_view>

#include "smartstore/edge/kiosk_config.h"

namespace smartstore::edge::kiosk {

enum class PayloadKind { member_card, non_member_card, coupon, product, unknown };

struct ScanPayload {
  PayloadKind kind = PayloadKind::unknown;
  std::string value;  // member: the normalized number; product: the GTIN; coupon: the code
};

// Member: digits of the configured length with the configured prefix and check
// digit ("non-member card" when only the prefix/check fails on a card-length
// number); coupon: SC1./MC1. prefix; product: GTIN-8/12/13/14 with GS1 check.
[[nodiscard]] ScanPayload classify_scan(std::string_view text, const MemberCardSection& card);

}  // namespace smartstore::edge::kiosk
