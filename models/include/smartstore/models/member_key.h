#pragma once
// Member keys: the only form in which a membership number is stored or sent.
// HQ and every kiosk compute the same key, HMAC-SHA256 of the normalized number
// under the deployment key, so profiles can be matched without raw numbers.
#include <span>
#include <string>
#include <string_view>

namespace smartstore::models {

// Lower-case hex of HMAC-SHA256(key, normalized_number): 64 characters.
[[nodiscard]] std::string member_key(std::span<const unsigned char> deployment_key,
                                     std::string_view normalized_number);

// Keeps only the digits of a printed number ("1234-5678 9012 3456" -> "1234567890123456").
[[nodiscard]] std::string normalize_member_number(std::string_view printed);

}  // namespace smartstore::models
