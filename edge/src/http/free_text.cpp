#include "free_text.h"

namespace smartstore::edge::http {
namespace {

constexpr std::string_view separators = " -./_()+*~#\t";

}  // namespace

std::string fold_full_width(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    if (b0 == 0xEF && i + 2 < s.size()) {
      // U+FF01..U+FF5E is EF BC 81..EF BC BF and EF BD 80..EF BD 9E.
      const auto b1 = static_cast<unsigned char>(s[i + 1]);
      const auto b2 = static_cast<unsigned char>(s[i + 2]);
      unsigned code = 0;
      if (b1 == 0xBC && b2 >= 0x81 && b2 <= 0xBF) code = 0xFF00u + (b2 - 0x80u);
      if (b1 == 0xBD && b2 >= 0x80 && b2 <= 0x9E) code = 0xFF40u + (b2 - 0x80u);
      if (code != 0) {
        out.push_back(static_cast<char>(code - 0xFF00u + 0x20u));
        i += 2;
        continue;
      }
    }
    if (b0 == 0xE3 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
        static_cast<unsigned char>(s[i + 2]) == 0x80) {
      out.push_back(' ');  // U+3000 ideographic space
      i += 2;
      continue;
    }
    out.push_back(s[i]);
  }
  return out;
}

bool has_control_characters(std::string_view text, bool allow_line_breaks) {
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (allow_line_breaks && (c == '\n' || c == '\r' || c == '\t')) continue;
    if (c < 0x20 || c == 0x7F) return true;
  }
  return false;
}

bool looks_like_personal_data(std::string_view text) {
  const std::string s = fold_full_width(text);
  std::size_t digits = 0;
  for (char c : s) {
    if (c >= '0' && c <= '9') {
      if (++digits >= 9) return true;
    } else if (separators.find(c) == std::string_view::npos) {
      digits = 0;
    }
  }
  auto at = s.find('@');
  return at != std::string::npos && at > 0 && s.find('.', at) != std::string::npos;
}

}  // namespace smartstore::edge::http
