#pragma once
// One key for every printed form of a GTIN: the catalog compares GTIN-14.
#include <optional>
#include <string>
#include <string_view>

namespace smartstore::edge::store {

// "4006381333931" -> "04006381333931"; 8, 12, 13 or 14 digits left-padded to 14.
// nullopt for anything else (a pd_c, a URL, a wrong check digit): the same
// rule the scanner applies, so a catalog key and a scanned key always agree.
[[nodiscard]] std::optional<std::string> gtin14_of(std::string_view code);

}  // namespace smartstore::edge::store
