#pragma once
// The JSON text of snapshot records, written by hand: nlohmann builds a tree
// of allocations per record, and the batch writes a million and a half of
// them. Output follows RFC 8259 and matches what nlohmann's dump() gives for
// the same values (keys in the same order, same number spelling), so the
// bytes did not change when the writer did. profile_decoder.h reads them.
#include <charconv>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>

namespace smartstore::models::snapshot_json {

// Length of the valid UTF-8 sequence (RFC 3629: no overlongs, no
// surrogates, at most U+10FFFF) starting at s[i], or 0 if there is none.
inline std::size_t utf8_sequence(std::string_view s, std::size_t i) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  const std::size_t left = s.size() - i;
  auto cont = [&](std::size_t k) { return (b(k) & 0xC0) == 0x80; };
  if (c >= 0xC2 && c <= 0xDF) return left >= 2 && cont(i + 1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (left < 3 || !cont(i + 1) || !cont(i + 2)) return 0;
    if (c == 0xE0 && b(i + 1) < 0xA0) return 0;   // overlong
    if (c == 0xED && b(i + 1) >= 0xA0) return 0;  // UTF-16 surrogate
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (left < 4 || !cont(i + 1) || !cont(i + 2) || !cont(i + 3)) return 0;
    if (c == 0xF0 && b(i + 1) < 0x90) return 0;  // overlong
    if (c == 0xF4 && b(i + 1) >= 0x90) return 0;  // beyond U+10FFFF
    return 4;
  }
  return 0;
}

// A JSON string: '"' and '\' escaped, control characters as \b \f \n \r \t
// or \u00xx, valid UTF-8 passed through, each byte of invalid UTF-8 replaced
// by U+FFFD so the output is always valid JSON text.
inline void append_string(std::string& out, std::string_view s) {
  out.push_back('"');
  std::size_t run = 0;  // start of the pending run copied verbatim
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
      ++i;
      continue;
    }
    if (c >= 0x80) {
      if (const std::size_t n = utf8_sequence(s, i); n > 0) {
        i += n;
        continue;
      }
    }
    out.append(s.data() + run, i - run);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          static constexpr char hex[] = "0123456789abcdef";
          out += "\\u00";
          out.push_back(hex[c >> 4]);
          out.push_back(hex[c & 0xF]);
        } else {
          out += "\xEF\xBF\xBD";  // U+FFFD
        }
    }
    run = ++i;
  }
  out.append(s.data() + run, s.size() - run);
  out.push_back('"');
}

inline void append_int(std::string& out, std::int64_t v) {
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

// Shortest digits that read back as the same double; fixed notation for
// 1e-4 <= |v| < 1e15 with ".0" on whole numbers (so a reader sees a float),
// exponent notation outside; NaN and infinities, which JSON lacks, as null.
inline void append_double(std::string& out, double v) {
  if (!std::isfinite(v)) {
    out += "null";
    return;
  }
  char buf[64];
  const double a = std::fabs(v);
  const bool fixed = a == 0.0 || (a >= 1e-4 && a < 1e15);
  const auto r = std::to_chars(buf, buf + sizeof buf, v, fixed ? std::chars_format::fixed : std::chars_format::scientific);
  out.append(buf, r.ptr);
  if (fixed && std::string_view(buf, static_cast<std::size_t>(r.ptr - buf)).find('.') == std::string_view::npos)
    out += ".0";
}

inline void append_bool(std::string& out, bool v) { out += v ? "true" : "false"; }

}  // namespace smartstore::models::snapshot_json
