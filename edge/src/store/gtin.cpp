#include "smartstore/edge/store/gtin.h"

#include <algorithm>

namespace smartstore::edge::store {

std::optional<std::string> gtin14_of(std::string_view code) {
  const std::size_t n = code.size();
  if (n != 8 && n != 12 && n != 13 && n != 14) return std::nullopt;
  if (!std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; })) return std::nullopt;
  std::string out(14 - n, '0');
  out.append(code);
  return out;
}

}  // namespace smartstore::edge::store
