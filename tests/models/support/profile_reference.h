#pragma once
// A profile reader on nlohmann's DOM: the reference the hand-written one
// (models/src/profile_decoder.h) is compared with.
#include <doctest/doctest.h>

#include <algorithm>
#include <bit>
#include <climits>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <type_traits>

#include "smartstore/models/member_key.h"
#include "smartstore/models/snapshot_format.h"

namespace smartstore::models::testing_reference {

using nlohmann::json;

// nlohmann's get<int64_t> casts a float with static_cast: outside int64 that
// is undefined (UBSan stops the test) and x86 gives INT64_MIN, which the
// decoder returns by definition. The reference says so explicitly.
inline std::int64_t int64_of(const json& v) {
  if (v.is_number_float()) {
    const double d = v.get<double>();
    if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0)) return INT64_MIN;
  }
  return v.get<std::int64_t>();
}

// The reader decode_profile used before, verbatim in behaviour.
template <typename T>
void get_optional(const json& j, const char* key, T& out) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return;
  if constexpr (std::is_same_v<T, std::int64_t>) {
    out = int64_of(*it);
  } else {
    out = it->get<T>();
  }
}

inline std::optional<CustomerProfile> reference_decode(std::string_view line) {
  json j = json::parse(line, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  try {
    CustomerProfile p;
    p.member_key = j.at("key").get<std::string>();
    get_optional(j, "gender", p.gender);
    get_optional(j, "age", p.age_band);
    get_optional(j, "zone", p.home_zone);
    get_optional(j, "tier", p.tier);
    get_optional(j, "grade", p.grade);
    get_optional(j, "segment", p.segment);
    get_optional(j, "behaviour", p.behaviour_type);
    if (auto it = j.find("prefs"); it != j.end()) {
      for (const auto& c : *it) p.preferences.push_back({c.at("c"), c.at("i"), c.contains("n") && !c.at("n").is_null() ? int64_of(c.at("n")) : c.value("n", std::int64_t{0})});
    }
    get_optional(j, "clv_3m", p.clv_3m_krw);
    get_optional(j, "p_alive", p.p_alive);
    get_optional(j, "spend", p.total_spend_krw);
    get_optional(j, "days", p.purchase_days);
    get_optional(j, "last", p.last_purchase_date);
    get_optional(j, "next", p.next_purchase_date);
    get_optional(j, "exp_spend", p.expected_spend_krw);
    get_optional(j, "companions", p.companion_products);
    get_optional(j, "recommended", p.recommended_categories);
    get_optional(j, "consent", p.consent_marketing);
    get_optional(j, "companion_if", p.companion_if);
    get_optional(j, "companion_lift", p.companion_lift);
    get_optional(j, "cluster_category", p.cluster_category);
    get_optional(j, "survey", p.survey_favourite);
    if (!smartstore::models::is_member_key(p.member_key))
      return std::nullopt;
    return p;
  } catch (const json::exception&) {
    return std::nullopt;
  }
}

inline bool same_double(double a, double b) { return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b); }

inline bool same(const CustomerProfile& a, const CustomerProfile& b) {
  bool prefs = a.preferences.size() == b.preferences.size();
  for (std::size_t i = 0; prefs && i < a.preferences.size(); ++i)
    prefs = a.preferences[i].category == b.preferences[i].category &&
            same_double(a.preferences[i].index, b.preferences[i].index) &&
            a.preferences[i].count == b.preferences[i].count;
  return prefs && a.member_key == b.member_key && a.gender == b.gender && a.age_band == b.age_band &&
         a.home_zone == b.home_zone && a.tier == b.tier && a.grade == b.grade && a.segment == b.segment &&
         a.behaviour_type == b.behaviour_type && same_double(a.clv_3m_krw, b.clv_3m_krw) &&
         same_double(a.p_alive, b.p_alive) && a.total_spend_krw == b.total_spend_krw &&
         a.purchase_days == b.purchase_days && a.last_purchase_date == b.last_purchase_date &&
         a.next_purchase_date == b.next_purchase_date && a.expected_spend_krw == b.expected_spend_krw &&
         a.companion_products == b.companion_products && a.recommended_categories == b.recommended_categories &&
         a.consent_marketing == b.consent_marketing && a.companion_if == b.companion_if &&
         a.companion_lift.size() == b.companion_lift.size() &&
         std::equal(a.companion_lift.begin(), a.companion_lift.end(), b.companion_lift.begin(), same_double) &&
         a.cluster_category == b.cluster_category && a.survey_favourite == b.survey_favourite;
}

// Both readers on one line: same verdict, same profile; a rejection names a field.
struct Verdicts {
  int accepted = 0;
  int rejected = 0;
};
inline void compare(std::string_view line, Verdicts& v) {
  const auto mine = decode_profile(line);
  const auto ref = reference_decode(line);
  CAPTURE(line);
  REQUIRE(mine.has_value() == ref.has_value());
  if (ref) {
    CHECK(same(*mine, *ref));
    ++v.accepted;
  } else {
    // "where: what", where a profile member and what never empty.
    const std::string& message = mine.error().message();
    CHECK(message.rfind("profile", 0) == 0);
    const auto colon = message.find(": ");
    REQUIRE(colon != std::string::npos);
    CHECK(colon + 2 < message.size());
    ++v.rejected;
  }
}

// One to three random byte edits (replace, insert, erase one or a run) with
// bytes that matter to JSON, plus UTF-8 lead and continuation bytes.
inline std::string mutated(std::string line, std::mt19937_64& rng) {
  static const std::string alphabet =
      "{}[]\":,\\ntfue.-+0123456789 \t\r\n/bx\x01\x7f\xc3\xa9\xe2\x82\xac\xed\xf0\xf4\xef";
  const int edits = 1 + static_cast<int>(rng() % 3);
  for (int e = 0; e < edits && !line.empty(); ++e) {
    const std::size_t at = rng() % line.size();
    switch (rng() % 4) {
      case 0: line[at] = alphabet[rng() % alphabet.size()]; break;
      case 1: line.insert(at, 1, alphabet[rng() % alphabet.size()]); break;
      case 2: line.erase(at, 1); break;
      default: line.erase(at, rng() % 12); break;
    }
  }
  return line;
}

inline const std::string kKey(64, 'a');
inline std::string line_with(const std::string& members) { return "{\"key\":\"" + kKey + "\"" + members + "}"; }

}  // namespace smartstore::models::testing_reference
