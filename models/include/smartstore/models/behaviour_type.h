#pragma once
// Behaviour types of report 000 from session behaviour: per (age band,
// gender) group and category, a 4-bit code (time, page views, searches, unit
// price), 1 where the category's mean is above the group's mean over all
// categories. 1101/1111 meticulous, 0011 mania, 0000/0010 easygoing; without
// session data (or for other codes) the category map of seeds.md decides.
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace smartstore::models {

enum class BehaviourType { meticulous, mania, easygoing };
[[nodiscard]] std::string_view to_string(BehaviourType type);  // "meticulous", "mania", "easygoing"

// One session (or purchase within a session) of a customer in a category.
struct BehaviourObservation {
  std::string_view age_band;
  std::string_view gender;
  std::string_view category;
  double session_seconds = 0;  // consideration time
  double page_views = 0;
  double searches = 0;
  double unit_price = 0;
};

struct BehaviourGroupKey {
  std::string age_band, gender, category;
  auto operator<=>(const BehaviourGroupKey&) const = default;
};

// Code per (age band, gender, category), e.g. "1101".
using BehaviourCodes = std::map<BehaviourGroupKey, std::string>;
[[nodiscard]] BehaviourCodes behaviour_codes(std::span<const BehaviourObservation> observations);

// nullopt for codes the report does not name.
[[nodiscard]] std::optional<BehaviourType> type_from_code(std::string_view code);
// The report's category map (Korean clac names and English equivalents);
// easygoing for categories it does not mention.
[[nodiscard]] BehaviourType type_from_category(std::string_view category);

// A customer's type: the code of their top category in their group when known
// and named, else the category map.
[[nodiscard]] BehaviourType customer_behaviour_type(const BehaviourCodes& codes, std::string_view age_band,
                                                    std::string_view gender, std::string_view top_category);

}  // namespace smartstore::models
