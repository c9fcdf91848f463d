#pragma once
// Field-level validation of a staff note (FieldError paths like "items[0].price_krw").
#include <vector>

#include "smartstore/edge/kiosk_service.h"

namespace smartstore::edge::kiosk {

inline constexpr std::int64_t kMaxPriceKrw = 100'000'000;
inline constexpr double kMaxDeliberationMin = 600;
inline constexpr std::size_t kMaxRemarksChars = 500;

[[nodiscard]] std::vector<FieldError> validate_note(const StaffNote& note, const std::string& idempotency_key);

}  // namespace smartstore::edge::kiosk
