#include "smartstore/edge/store/gtin.h"

#include "smartstore/scanner/payload.h"

namespace smartstore::edge::store {

std::optional<std::string> gtin14_of(std::string_view code) {
  auto gtin = scanner::normalised_gtin14(code);
  if (gtin.empty()) return std::nullopt;
  return gtin;
}

}  // namespace smartstore::edge::store
