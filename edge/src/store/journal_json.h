#pragma once
// JSON forms of journal records (coupon bodies, staff notes), private to the store.
#include <nlohmann/json.hpp>

#include "smartstore/edge/kiosk_service.h"

namespace smartstore::edge::store {

[[nodiscard]] nlohmann::json coupon_to_json(const IssuedCoupon& c);
[[nodiscard]] IssuedCoupon coupon_from_json(const nlohmann::json& j);
[[nodiscard]] nlohmann::json note_to_json(const StaffNote& n);
[[nodiscard]] StaffNote note_from_json(const nlohmann::json& j);
[[nodiscard]] std::int64_t unix_seconds(Clock::time_point t);

}  // namespace smartstore::edge::store
