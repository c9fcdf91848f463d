#pragma once
// Kiosk results as the JSON the tablet and entrance screen read
// (docs/openapi.yaml). Private to edge/src/http: nlohmann stays here.
#include <nlohmann/json.hpp>

#include "smartstore/edge/kiosk_service.h"

namespace smartstore::edge::http {

[[nodiscard]] nlohmann::json to_json(const IssuedCoupon& c);
[[nodiscard]] nlohmann::json to_json(const CouponRecord& r);
[[nodiscard]] nlohmann::json to_json(const NoteItem& i);
[[nodiscard]] nlohmann::json to_json(const StoredNote& n);
[[nodiscard]] nlohmann::json to_json(const CatalogItem& c);
[[nodiscard]] nlohmann::json to_json(const CustomerView& v, const std::string& masked_number);
// For the entrance screen: no member key, nothing that identifies the customer.
[[nodiscard]] nlohmann::json to_public_json(const ScanOutcome& o);
[[nodiscard]] std::string_view scan_kind_name(ScanKind k);

}  // namespace smartstore::edge::http
