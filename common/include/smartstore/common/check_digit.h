#pragma once
// Check-digit schemes of the codes a store meets, once for every part: the
// scanner validates card numbers and GTINs with them, the demo generator
// makes valid card numbers. Card issuers' schemes are configurable (the
// L.Point spec is not public); GTINs always use GS1 mod 10.
#include <string_view>

namespace smartstore {

// True when the last digit of `digits` is the Luhn check digit of the rest.
[[nodiscard]] bool luhn_valid(std::string_view digits);
// The Luhn check digit for `body` (all digits but the check digit).
[[nodiscard]] char luhn_digit(std::string_view body);
// True when the last digit is the GS1 mod-10 check digit (GTIN-8/12/13/14, GSRN).
[[nodiscard]] bool gs1_mod10_valid(std::string_view digits);
// The GS1 mod-10 check digit for `body` (all digits but the check digit).
[[nodiscard]] char gs1_mod10_digit(std::string_view body);

}  // namespace smartstore
