#pragma once
// The JSON fields of journal records, listed once: the store's journal writes
// them (coupons.body, notes.body) and the HTTP views show them. Included by
// those two and their tests only: nlohmann stays out of widely included headers.
#include <nlohmann/json.hpp>

#include "smartstore/edge/kiosk_service.h"

namespace smartstore::edge::store {

// `expires_at` in the caller's form: unix seconds in the journal, ISO 8601 in the API.
[[nodiscard]] nlohmann::json coupon_fields(const IssuedCoupon& c, nlohmann::json expires_at);
[[nodiscard]] nlohmann::json note_item_fields(const NoteItem& i);

}  // namespace smartstore::edge::store
