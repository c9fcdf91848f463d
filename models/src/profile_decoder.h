#pragma once
// Reads one profile line without building a JSON tree: the kiosk decodes the
// cached body on every scan, and nlohmann's DOM (a map node and a string per
// member) was most of the scan's own time. The decoder must accept exactly
// what nlohmann's reader accepts, and only that (the kiosks hold snapshots
// either could have been checked with):
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
// tests/models/profile_decoder_test.cpp holds the nlohmann reader and
// compares the two on real batch output and on mutated lines. Private to
// snapshot_format.cpp (models lists its sources by name); the JSON scanning
// itself is json_cursor.h.
#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "json_cursor.h"
#include "smartstore/models/member_key.h"
#include "smartstore/models/profile.h"
#include "smartstore/models/snapshot_format.h"
#include "snapshot_json.h"

namespace smartstore::models::profile_decoder {

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
[[nodiscard]] inline bool is_number(Span v) {
  return v.first() == '-' || (v.first() >= '0' && v.first() <= '9');
}

// The line's top-level members, last occurrence winning.
enum Field : std::uint8_t {
  kKey,
  kGender,
  kAge,
  kZone,
  kTier,
  kGrade,
  kSegment,
  kBehaviour,
  kPrefs,
  kClv3m,
  kPAlive,
  kSpend,
  kDays,
  kLast,
  kNext,
  kExpSpend,
  kCompanions,
  kRecommended,
  kConsent,
  kCluster,
  kClusterPredicted,
  kCompanionIf,
  kCompanionLift,
  kClusterCategory,
  kSurvey,
  kChannel,
  kInterest,
  kDeliberation,
  kCouponsIssued,
  kCouponsRedeemed,
  kCouponRate,
  kLastCoupon,
  kLastCouponDate,
  kDaysSinceCoupon,
  kFieldCount
};
inline constexpr std::array<std::string_view, kFieldCount> kFieldNames = {"key",
                                                                          "gender",
                                                                          "age",
                                                                          "zone",
                                                                          "tier",
                                                                          "grade",
                                                                          "segment",
                                                                          "behaviour",
                                                                          "prefs",
                                                                          "clv_3m",
                                                                          "p_alive",
                                                                          "spend",
                                                                          "days",
                                                                          "last",
                                                                          "next",
                                                                          "exp_spend",
                                                                          "companions",
                                                                          "recommended",
                                                                          "consent",
                                                                          "cluster",
                                                                          "cluster_predicted",
                                                                          "companion_if",
                                                                          "companion_lift",
                                                                          "cluster_category",
                                                                          "survey",
                                                                          "channel",
                                                                          "interest",
                                                                          "deliberation_min",
                                                                          "coupon_issued",
                                                                          "coupon_redeemed",
                                                                          "coupon_rate",
                                                                          "coupon_last",
                                                                          "coupon_last_day",
                                                                          "coupon_days_since"};
// Members of one "prefs" entry.
inline constexpr std::string_view kPrefCategory = "c";
inline constexpr std::string_view kPrefIndex = "i";
inline constexpr std::string_view kPrefCount = "n";

class ProfileReader {
 public:
  explicit ProfileReader(std::string_view line) : line_(line) {}

  Result<CustomerProfile> read() {
    if (!collect()) return refuse("profile", "not a JSON object");
    CustomerProfile p;
    const Span key = fields_[kKey];
    if (!key.present() || key.first() != '"') return refuse("profile.key", "expected a string");
    read_string(key, p.member_key);
    if (!text(kGender, p.gender) || !text(kAge, p.age_band) || !text(kZone, p.home_zone) ||
        !text(kTier, p.tier) || !text(kGrade, p.grade) || !text(kSegment, p.segment) ||
        !text(kBehaviour, p.behaviour_type) || !preferences(kPrefs, p.preferences) ||
        !real(kClv3m, p.clv_3m_krw) || !real(kPAlive, p.p_alive) || !integer(kSpend, p.total_spend_krw) ||
        !integer(kDays, p.purchase_days) || !text(kLast, p.last_purchase_date) ||
        !text(kNext, p.next_purchase_date) || !integer(kExpSpend, p.expected_spend_krw) ||
        !texts(kCompanions, p.companion_products) || !texts(kRecommended, p.recommended_categories) ||
        !boolean(kConsent, p.consent_marketing) || !integer(kCluster, p.cluster) ||
        !boolean(kClusterPredicted, p.cluster_predicted) || !texts(kCompanionIf, p.companion_if) ||
        !reals(kCompanionLift, p.companion_lift) || !text(kClusterCategory, p.cluster_category) ||
        !text(kSurvey, p.survey_favourite) || !text(kChannel, p.preferred_channel) ||
        !preferences(kInterest, p.interest) || !real(kDeliberation, p.deliberation_min) ||
        !integer(kCouponsIssued, p.coupons_issued) || !integer(kCouponsRedeemed, p.coupons_redeemed) ||
        !real(kCouponRate, p.coupon_redemption_rate) || !text(kLastCoupon, p.last_coupon) ||
        !text(kLastCouponDate, p.last_coupon_date) || !integer(kDaysSinceCoupon, p.days_since_coupon))
      return refuse(std::move(where_), what_);
    if (!is_member_key(p.member_key)) return refuse("profile.key", "expected 64 lower-case hex characters");
    return p;
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

  // The message is "where: what", as every snapshot reader's error reads.
  static Failure refuse(std::string where, std::string_view what) {
    return fail(ErrorKind::invalid_input, std::move(where) + ": " + std::string(what), "snapshot");
  }
  bool error(Field f, const char* expected) {
    where_ = "profile." + std::string(kFieldNames[f]);
    what_ = expected;
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

  // nlohmann's get<std::vector<double>>: numbers only, no null or boolean.
  bool reals(Field f, std::vector<double>& out) {
    if (absent(f)) return true;
    if (fields_[f].first() != '[') return error(f, "expected an array of numbers");
    bool ok = true;
    for_each_element(fields_[f].text, [&](std::string_view v) {
      if (!ok) return;
      if (!is_number(Span{v})) {
        ok = false;
        return;
      }
      out.push_back(read_number(Span{v}).as_double());
    });
    if (!ok) {
      out.clear();
      return error(f, "expected an array of numbers");
    }
    return true;
  }

  bool preferences(Field f, std::vector<CategoryPreference>& out) {
    const Span prefs = fields_[f];
    if (!prefs.present() || prefs.is_null()) return true;  // nlohmann iterates null as nothing
    std::vector<std::string_view> items;
    if (prefs.first() == '[') {
      for_each_element(prefs.text, [&](std::string_view v) { items.push_back(v); });
    } else if (prefs.first() == '{') {
      // An object iterates as its values in key order (a std::map), a
      // repeated key keeping its last value.
      std::vector<std::pair<std::string, std::string_view>> members;
      for_each_member(prefs.text,
                      [&](std::string_view name, std::string_view v) { members.emplace_back(name, v); });
      std::stable_sort(members.begin(), members.end(),
                       [](const auto& a, const auto& b) { return a.first < b.first; });
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
        where_ = "profile." + std::string(kFieldNames[f]) + "[" + std::to_string(i) + "]" + where_;
        return false;
      }
    }
    return true;
  }
  bool preference(std::string_view item, CategoryPreference& out) {
    if (item.front() != '{') return pref_error("", "expected an object");
    Span c, i, n;
    for_each_member(item, [&](std::string_view name, std::string_view v) {
      if (name == kPrefCategory)
        c = Span{v};
      else if (name == kPrefIndex)
        i = Span{v};
      else if (name == kPrefCount)
        n = Span{v};
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
  bool pref_error(const char* where, const char* what) {
    where_ = where;
    what_ = what;
    return false;
  }

  std::string_view line_;
  std::array<Span, kFieldCount> fields_{};
  // The first failure of a field reader: which member, and what was expected.
  std::string where_;
  std::string_view what_;  // always a string literal
};

}  // namespace smartstore::models::profile_decoder
