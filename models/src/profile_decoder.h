#pragma once
// Reads one profile line without building a JSON tree: the kiosk decodes the
// cached body on every scan, and nlohmann's DOM (a map node and a string per
// member) was most of the scan's own time. The decoder must accept exactly
// what the nlohmann reader it replaced accepted, and only that:
//  - RFC 8259 text as nlohmann 3.11 parses it: an optional UTF-8 BOM, strict
//    numbers, strings of valid UTF-8 with paired surrogate escapes, nothing
//    after the value, and a number that overflows a double rejects the line
//    wherever it sits;
//  - a duplicated member counts only with its last value (a map's operator[]);
//  - conversions as nlohmann's get<>: strings only from strings, int64 and
//    double from any number (a float truncates to int64), bool only from a
//    boolean, a null member as absent, "prefs" iterated as nlohmann iterates
//    a value (an array's elements, an object's values by sorted key, null as
//    nothing, a scalar as itself).
// tests/models/snapshot_decoder_test.cpp holds the nlohmann reader and
// compares the two on real batch output and on mutated lines. Private to
// snapshot_format.cpp (models lists its sources by name).
#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "smartstore/models/profile.h"
#include "smartstore/models/snapshot_format.h"
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
      case Kind::unsigned_int: return static_cast<double>(u);
      case Kind::signed_int: return static_cast<double>(i);
      case Kind::floating: break;
    }
    return d;
  }
  [[nodiscard]] std::int64_t as_int64() const {
    switch (kind) {
      case Kind::unsigned_int: return static_cast<std::int64_t>(u);  // wraps as nlohmann's cast does
      case Kind::signed_int: return i;
      case Kind::floating: break;
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
        case '"': return scan_string(nullptr);
        case 't': return scan_literal("true");
        case 'f': return scan_literal("false");
        case 'n': return scan_literal("null");
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
      case '"': simple = '"'; break;
      case '\\': simple = '\\'; break;
      case '/': simple = '/'; break;
      case 'b': simple = '\b'; break;
      case 'f': simple = '\f'; break;
      case 'n': simple = '\n'; break;
      case 'r': simple = '\r'; break;
      case 't': simple = '\t'; break;
      case 'u': break;
      default: return false;
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

// A member's value as it lies in the text: decoded on demand, after the whole
// line has been validated (a later duplicate replaces it).
struct Span {
  std::string_view text;
  [[nodiscard]] bool present() const { return !text.empty(); }
  [[nodiscard]] bool is_null() const { return text == "null"; }
  [[nodiscard]] char first() const { return text.front(); }
};

// Reads an object's members (the text is known to be valid), calling
// on_member(name, value_span) for each in order.
template <typename F>
void for_each_member(std::string_view object_text, F&& on_member) {
  Cursor c(object_text);
  c.advance();  // '{'
  c.skip_ws();
  if (c.consume('}')) return;
  std::string name;
  for (;;) {
    c.skip_ws();
    name.clear();
    c.scan_string(&name);
    c.skip_ws();
    c.consume(':');
    c.skip_ws();
    const std::size_t start = c.pos();
    c.skip_value();
    on_member(std::string_view(name), object_text.substr(start, c.pos() - start));
    c.skip_ws();
    if (!c.consume(',')) return;
  }
}

template <typename F>
void for_each_element(std::string_view array_text, F&& on_element) {
  Cursor c(array_text);
  c.advance();  // '['
  c.skip_ws();
  if (c.consume(']')) return;
  for (;;) {
    c.skip_ws();
    const std::size_t start = c.pos();
    c.skip_value();
    on_element(array_text.substr(start, c.pos() - start));
    c.skip_ws();
    if (!c.consume(',')) return;
  }
}

inline void read_string(Span v, std::string& out) {
  out.clear();
  Cursor(v.text).scan_string(&out);
}
inline Number read_number(Span v) {
  Number n;
  Cursor(v.text).scan_number(n);
  return n;
}
[[nodiscard]] inline bool is_number(Span v) { return v.first() == '-' || (v.first() >= '0' && v.first() <= '9'); }

// The line's top-level members, last occurrence winning.
enum Field : std::uint8_t {
  kKey, kGender, kAge, kZone, kTier, kGrade, kSegment, kBehaviour, kPrefs, kClv3m, kPAlive, kSpend,
  kDays, kLast, kNext, kExpSpend, kCompanions, kRecommended, kConsent, kFieldCount
};
inline constexpr std::array<std::string_view, kFieldCount> kFieldNames = {
    "key",    "gender", "age",  "zone", "tier", "grade",     "segment",    "behaviour",   "prefs",  "clv_3m",
    "p_alive", "spend", "days", "last", "next", "exp_spend", "companions", "recommended", "consent"};
// Members of one "prefs" entry.
inline constexpr std::string_view kPrefCategory = "c";
inline constexpr std::string_view kPrefIndex = "i";
inline constexpr std::string_view kPrefCount = "n";

class ProfileReader {
 public:
  explicit ProfileReader(std::string_view line) : line_(line) {}

  SnapshotResult<CustomerProfile> read() {
    if (!collect()) return fail("profile", "not a JSON object");
    CustomerProfile p;
    const Span key = fields_[kKey];
    if (!key.present() || key.first() != '"') return fail("profile.key", "expected a string");
    read_string(key, p.member_key);
    if (!text(kGender, p.gender) || !text(kAge, p.age_band) || !text(kZone, p.home_zone) ||
        !text(kTier, p.tier) || !text(kGrade, p.grade) || !text(kSegment, p.segment) ||
        !text(kBehaviour, p.behaviour_type) || !preferences(p.preferences) || !real(kClv3m, p.clv_3m_krw) ||
        !real(kPAlive, p.p_alive) || !integer(kSpend, p.total_spend_krw) || !integer(kDays, p.purchase_days) ||
        !text(kLast, p.last_purchase_date) || !text(kNext, p.next_purchase_date) ||
        !integer(kExpSpend, p.expected_spend_krw) || !texts(kCompanions, p.companion_products) ||
        !texts(kRecommended, p.recommended_categories) || !boolean(kConsent, p.consent_marketing))
      return {std::nullopt, std::move(error_)};
    if (p.member_key.size() != 64 || p.member_key.find_first_not_of("0123456789abcdef") != std::string::npos)
      return fail("profile.key", "expected 64 lower-case hex characters");
    return {std::move(p), std::nullopt};
  }

 private:
  // Validates the whole line and notes where each known member's value is,
  // in one pass over the top-level object.
  bool collect() {
    Cursor c(line_);
    if (line_.substr(0, 1) == "\xEF" && !c.scan_literal("\xEF\xBB\xBF")) return false;
    c.skip_ws();
    if (!c.consume('{')) return false;
    c.skip_ws();
    if (!c.consume('}')) {
      std::string name;
      for (;;) {
        c.skip_ws();
        name.clear();
        if (!c.scan_string(&name)) return false;
        c.skip_ws();
        if (!c.consume(':')) return false;
        c.skip_ws();
        const std::size_t start = c.pos();
        if (!c.skip_value()) return false;
        for (std::size_t f = 0; f < kFieldCount; ++f) {
          if (kFieldNames[f] == name) {
            fields_[f] = Span{line_.substr(start, c.pos() - start)};
            break;
          }
        }
        c.skip_ws();
        if (c.consume(',')) continue;
        if (c.consume('}')) break;
        return false;
      }
    }
    c.skip_ws();
    return c.at_end();
  }

  SnapshotResult<CustomerProfile> fail(std::string where, std::string message) {
    return {std::nullopt, SnapshotError{std::move(where), std::move(message)}};
  }
  bool error(Field f, const char* expected) {
    error_ = SnapshotError{"profile." + std::string(kFieldNames[f]), expected};
    return false;
  }
  // Absent or null leaves the default, as nlohmann's reader did.
  [[nodiscard]] bool absent(Field f) const { return !fields_[f].present() || fields_[f].is_null(); }

  bool text(Field f, std::string& out) {
    if (absent(f)) return true;
    if (fields_[f].first() != '"') return error(f, "expected a string");
    read_string(fields_[f], out);
    return true;
  }
  bool real(Field f, double& out) {
    if (absent(f)) return true;
    if (!is_number(fields_[f])) return error(f, "expected a number");
    out = read_number(fields_[f]).as_double();
    return true;
  }
  bool integer(Field f, std::int64_t& out) {
    if (absent(f)) return true;
    if (!is_number(fields_[f])) return error(f, "expected a number");
    out = read_number(fields_[f]).as_int64();
    return true;
  }
  bool boolean(Field f, bool& out) {
    if (absent(f)) return true;
    if (fields_[f].text != "true" && fields_[f].text != "false") return error(f, "expected true or false");
    out = fields_[f].text == "true";
    return true;
  }
  bool texts(Field f, std::vector<std::string>& out) {
    if (absent(f)) return true;
    if (fields_[f].first() != '[') return error(f, "expected an array of strings");
    bool ok = true;
    for_each_element(fields_[f].text, [&](std::string_view v) {
      if (!ok) return;
      if (v.front() != '"') {
        ok = false;
        return;
      }
      read_string(Span{v}, out.emplace_back());
    });
    if (!ok) {
      out.clear();
      return error(f, "expected an array of strings");
    }
    return true;
  }

  bool preferences(std::vector<CategoryPreference>& out) {
    const Span prefs = fields_[kPrefs];
    if (!prefs.present() || prefs.is_null()) return true;  // nlohmann iterates null as nothing
    std::vector<std::string_view> items;
    if (prefs.first() == '[') {
      for_each_element(prefs.text, [&](std::string_view v) { items.push_back(v); });
    } else if (prefs.first() == '{') {
      // An object iterates as its values in key order (a std::map), a
      // repeated key keeping its last value.
      std::vector<std::pair<std::string, std::string_view>> members;
      for_each_member(prefs.text, [&](std::string_view name, std::string_view v) { members.emplace_back(name, v); });
      std::stable_sort(members.begin(), members.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
      for (std::size_t i = 0; i < members.size(); ++i) {
        if (i + 1 < members.size() && members[i + 1].first == members[i].first) continue;
        items.push_back(members[i].second);
      }
    } else {
      items.push_back(prefs.text);  // a scalar iterates as itself (and fails below)
    }
    out.reserve(items.size());
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (!preference(items[i], out.emplace_back())) {
        out.clear();
        error_->where = "profile.prefs[" + std::to_string(i) + "]" + error_->where;
        return false;
      }
    }
    return true;
  }
  bool preference(std::string_view item, CategoryPreference& out) {
    if (item.front() != '{') return pref_error("", "expected an object");
    Span c, i, n;
    for_each_member(item, [&](std::string_view name, std::string_view v) {
      if (name == kPrefCategory) c = Span{v};
      else if (name == kPrefIndex) i = Span{v};
      else if (name == kPrefCount) n = Span{v};
    });
    if (!c.present() || c.first() != '"') return pref_error(".c", "expected a string");
    if (!i.present() || !is_number(i)) return pref_error(".i", "expected a number");
    // "n" may be absent (count 0) but not null: nlohmann's value() converts what is there.
    if (n.present() && !is_number(n)) return pref_error(".n", "expected a number");
    read_string(c, out.category);
    out.index = read_number(i).as_double();
    out.count = n.present() ? read_number(n).as_int64() : 0;
    return true;
  }
  bool pref_error(const char* where, const char* message) {
    error_ = SnapshotError{where, message};
    return false;
  }

  std::string_view line_;
  std::array<Span, kFieldCount> fields_{};
  std::optional<SnapshotError> error_;
};

}  // namespace smartstore::models::profile_decoder
