#pragma once
// One key for every printed form of a GTIN: the catalog compares GTIN-14.
#include <optional>
#include <string>
#include <string_view>

namespace smartstore::edge::store {

// "4006381333931" -> "04006381333931"; 8, 12, 13 or 14 digits left-padded to 14.
// nullopt for anything else (a pd_c, a URL). The check digit is not verified:
// the scanner already did, and a typed code that is wrong simply finds nothing.
[[nodiscard]] std::optional<std::string> gtin14_of(std::string_view code);

}  // namespace smartstore::edge::store
