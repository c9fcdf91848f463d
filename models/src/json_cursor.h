#pragma once
// Validating JSON scanning for profile_decoder.h: accepts and rejects bytes
// exactly as nlohmann 3.11's parser does (strict numbers, UTF-8, paired
// surrogates, nothing after the value), without building a tree. Private to models/src.
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include "snapshot_json.h"

namespace smartstore::models::profile_decoder {

// A scanned number as nlohmann's lexer classifies it: digits alone are an
// unsigned or (with '-') a signed integer while they fit, otherwise a double.
struct Number {
  enum class Kind { unsigned_int, signed_int, floating } kind = Kind::unsigned_int;
  std::uint64_t u = 0;
  std::int64_t i = 0;
  double d = 0;

  [[nodiscard]] double as_double() const {
    switch (kind) {
      case Kind::unsigned_int:
        return static_cast<double>(u);
      case Kind::signed_int:
        return static_cast<double>(i);
      case Kind::floating:
        break;
    }
    return d;
  }
  [[nodiscard]] std::int64_t as_int64() const {
    switch (kind) {
      case Kind::unsigned_int:
        return static_cast<std::int64_t>(u);  // wraps as nlohmann's cast does
      case Kind::signed_int:
        return i;
      case Kind::floating:
        break;
    }
    // nlohmann truncates; outside int64 the cast is undefined and x86 gives
    // INT64_MIN, which is what we return instead of relying on it.
    if (d >= -9223372036854775808.0 && d < 9223372036854775808.0) return static_cast<std::int64_t>(d);
    return INT64_MIN;
  }
};

// A cursor over JSON text. Every scan_* validates as it goes and returns
// false on the first byte nlohmann would reject.
class Cursor {
 public:
  explicit Cursor(std::string_view text) : s_(text) {}

  [[nodiscard]] bool at_end() const { return pos_ >= s_.size(); }
  [[nodiscard]] char peek() const { return pos_ < s_.size() ? s_[pos_] : '\0'; }
  [[nodiscard]] std::size_t pos() const { return pos_; }
  void advance() { ++pos_; }

  void skip_ws() {
    while (pos_ < s_.size()) {
      const char c = s_[pos_];
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
      ++pos_;
    }
  }
  bool consume(char c) {
    if (peek() != c || at_end()) return false;
    ++pos_;
    return true;
  }

  // A string starting at '"'; its unescaped bytes appended to *out when given.
  bool scan_string(std::string* out) {
    if (!consume('"')) return false;
    std::size_t run = pos_;
    auto flush = [&] {
      if (out != nullptr) out->append(s_.data() + run, pos_ - run);
    };
    while (pos_ < s_.size()) {
      const auto c = static_cast<unsigned char>(s_[pos_]);
      if (c == '"') {
        flush();
        ++pos_;
        return true;
      }
      if (c < 0x20) return false;
      if (c < 0x80 && c != '\\') {
        ++pos_;
        continue;
      }
      if (c >= 0x80) {
        const std::size_t n = snapshot_json::utf8_sequence(s_, pos_);
        if (n == 0) return false;
        pos_ += n;
        continue;
      }
      flush();
      if (!scan_escape(out)) return false;
      run = pos_;
    }
    return false;
  }

  // A number in JSON's grammar, classified and converted as nlohmann does.
  bool scan_number(Number& n) {
    const std::size_t start = pos_;
    const bool negative = consume('-');
    if (peek() == '0') {
      ++pos_;
    } else if (peek() >= '1' && peek() <= '9') {
      skip_digits();
    } else {
      return false;
    }
    bool integral = true;
    if (peek() == '.') {
      ++pos_;
      if (!digit()) return false;
      skip_digits();
      integral = false;
    }
    if (peek() == 'e' || peek() == 'E') {
      ++pos_;
      if (peek() == '+' || peek() == '-') ++pos_;
      if (!digit()) return false;
      skip_digits();
      integral = false;
    }
    const char* first = s_.data() + start;
    const char* last = s_.data() + pos_;
    if (integral) {
      // From here nlohmann's strtoll/strtoull, which fall back to a double when out of range.
      if (negative) {
        const auto r = std::from_chars(first, last, n.i);
        if (r.ec == std::errc() && r.ptr == last) {
          n.kind = Number::Kind::signed_int;
          return true;
        }
      } else {
        const auto r = std::from_chars(first, last, n.u);
        if (r.ec == std::errc() && r.ptr == last) {
          n.kind = Number::Kind::unsigned_int;
          return true;
        }
      }
    }
    n.kind = Number::Kind::floating;
    const auto r = std::from_chars(first, last, n.d);
    if (r.ec == std::errc::result_out_of_range) {
      // Underflow reads as strtod's (denormal or zero); overflow fails below.
      std::string copy(first, last);
      n.d = std::strtod(copy.c_str(), nullptr);
    } else if (r.ec != std::errc() || r.ptr != last) {
      return false;
    }
    return std::isfinite(n.d);  // nlohmann: "number overflow"
  }

  bool scan_literal(std::string_view word) {
    if (s_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }

  // Any value, validated and skipped. Nesting is tracked on a heap stack, so
  // deep input cannot exhaust the call stack.
  bool skip_value() {
    std::string open;  // '[' or '{' per level
    for (;;) {
      skip_ws();
      if (!skip_scalar_or_open(open)) return false;
      // After a value: close levels or move to the next member/element.
      for (;;) {
        if (open.empty()) return true;
        skip_ws();
        if (consume(',')) {
          if (open.back() == '{' && !member_name()) return false;
          break;
        }
        if (!consume(open.back() == '[' ? ']' : '}')) return false;
        open.pop_back();
      }
    }
  }

 private:
  bool digit() const { return peek() >= '0' && peek() <= '9' && !at_end(); }
  void skip_digits() {
    while (digit()) ++pos_;
  }

  // One value, or the opening of a container (pushed on `open`) followed by
  // its first element's start; an empty container is consumed whole.
  bool skip_scalar_or_open(std::string& open) {
    for (;;) {
      Number n;
      switch (peek()) {
        case '"':
          return scan_string(nullptr);
        case 't':
          return scan_literal("true");
        case 'f':
          return scan_literal("false");
        case 'n':
          return scan_literal("null");
        case '[':
          ++pos_;
          skip_ws();
          if (consume(']')) return true;
          open.push_back('[');
          continue;
        case '{':
          ++pos_;
          skip_ws();
          if (consume('}')) return true;
          open.push_back('{');
          if (!member_name_after_ws()) return false;
          skip_ws();
          continue;
        default:
          if (at_end()) return false;
          return scan_number(n);
      }
    }
  }
  bool member_name() {
    skip_ws();
    return member_name_after_ws();
  }
  bool member_name_after_ws() {
    if (!scan_string(nullptr)) return false;
    skip_ws();
    return consume(':');
  }

  static int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }
  bool hex4(std::uint32_t& v) {
    if (s_.size() - pos_ < 4) return false;
    v = 0;
    for (int k = 0; k < 4; ++k) {
      const int h = hex_value(s_[pos_++]);
      if (h < 0) return false;
      v = v * 16 + static_cast<std::uint32_t>(h);
    }
    return true;
  }
  // At '\\'.
  bool scan_escape(std::string* out) {
    ++pos_;
    if (at_end()) return false;
    const char e = s_[pos_++];
    char simple = 0;
    switch (e) {
      case '"':
        simple = '"';
        break;
      case '\\':
        simple = '\\';
        break;
      case '/':
        simple = '/';
        break;
      case 'b':
        simple = '\b';
        break;
      case 'f':
        simple = '\f';
        break;
      case 'n':
        simple = '\n';
        break;
      case 'r':
        simple = '\r';
        break;
      case 't':
        simple = '\t';
        break;
      case 'u':
        break;
      default:
        return false;
    }
    if (e != 'u') {
      if (out != nullptr) out->push_back(simple);
      return true;
    }
    std::uint32_t cp = 0;
    if (!hex4(cp)) return false;
    if (cp >= 0xDC00 && cp <= 0xDFFF) return false;  // a low surrogate alone
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      std::uint32_t low = 0;
      if (!scan_literal("\\u") || !hex4(low) || low < 0xDC00 || low > 0xDFFF) return false;
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
    }
    if (out != nullptr) append_utf8(*out, cp);
    return true;
  }
  static void append_utf8(std::string& out, std::uint32_t cp) {
    auto byte = [&](std::uint32_t b) { out.push_back(static_cast<char>(b)); };
    if (cp < 0x80) {
      byte(cp);
    } else if (cp < 0x800) {
      byte(0xC0 | (cp >> 6)), byte(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      byte(0xE0 | (cp >> 12)), byte(0x80 | ((cp >> 6) & 0x3F)), byte(0x80 | (cp & 0x3F));
    } else {
      byte(0xF0 | (cp >> 18)), byte(0x80 | ((cp >> 12) & 0x3F)), byte(0x80 | ((cp >> 6) & 0x3F)),
          byte(0x80 | (cp & 0x3F));
    }
  }

  std::string_view s_;
  std::size_t pos_ = 0;
};

}  // namespace smartstore::models::profile_decoder
