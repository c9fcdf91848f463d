#include "smartstore/models/behaviour_type.h"

#include <array>
#include <utility>

namespace smartstore::models {

std::string_view to_string(BehaviourType type) {
  switch (type) {
    case BehaviourType::meticulous: return "meticulous";
    case BehaviourType::mania: return "mania";
    case BehaviourType::easygoing: return "easygoing";
  }
  return "easygoing";
}

BehaviourCodes behaviour_codes(std::span<const BehaviourObservation> observations) {
  struct Sums {
    std::array<double, 4> sum{};
    double n = 0;
    void add(const BehaviourObservation& o) {
      sum[0] += o.session_seconds;
      sum[1] += o.page_views;
      sum[2] += o.searches;
      sum[3] += o.unit_price;
      n += 1;
    }
  };
  std::map<std::pair<std::string, std::string>, Sums> group;
  std::map<BehaviourGroupKey, Sums> cell;
  for (const BehaviourObservation& o : observations) {
    group[{std::string(o.age_band), std::string(o.gender)}].add(o);
    cell[{std::string(o.age_band), std::string(o.gender), std::string(o.category)}].add(o);
  }
  BehaviourCodes codes;
  for (const auto& [key, s] : cell) {
    const Sums& g = group.at({key.age_band, key.gender});
    std::string code(4, '0');
    // Compare means without dividing twice: s.sum/s.n > g.sum/g.n.
    for (std::size_t v = 0; v < 4; ++v) code[v] = s.sum[v] * g.n > g.sum[v] * s.n ? '1' : '0';
    codes.emplace(key, std::move(code));
  }
  return codes;
}

std::optional<BehaviourType> type_from_code(std::string_view code) {
  if (code == "1101" || code == "1111") return BehaviourType::meticulous;
  if (code == "0011") return BehaviourType::mania;
  if (code == "0000" || code == "0010") return BehaviourType::easygoing;
  return std::nullopt;
}

BehaviourType type_from_category(std::string_view category) {
  // Report 000's findings per Lotte.com top category (CLAC1_NM).
  static constexpr std::pair<std::string_view, BehaviourType> kMap[] = {
      {"여성의류", BehaviourType::meticulous},        {"패션잡화", BehaviourType::meticulous},
      {"스포츠패션", BehaviourType::meticulous},      {"건강식품", BehaviourType::meticulous},
      {"화장품/뷰티케어", BehaviourType::mania},      {"남성의류", BehaviourType::easygoing},
      {"속옷/양말/홈웨어", BehaviourType::easygoing}, {"유아동의류", BehaviourType::easygoing},
      {"출산/육아용품", BehaviourType::easygoing},    {"퍼스널케어", BehaviourType::easygoing},
      {"women's clothing", BehaviourType::meticulous}, {"fashion accessories", BehaviourType::meticulous},
      {"sports fashion", BehaviourType::meticulous},   {"health food", BehaviourType::meticulous},
      {"cosmetics", BehaviourType::mania},             {"beauty", BehaviourType::mania},
      {"men's clothing", BehaviourType::easygoing},    {"underwear", BehaviourType::easygoing},
      {"kids' clothing", BehaviourType::easygoing},    {"maternity", BehaviourType::easygoing},
      {"personal care", BehaviourType::easygoing},
  };
  for (const auto& [name, type] : kMap)
    if (category == name) return type;
  return BehaviourType::easygoing;
}

BehaviourType customer_behaviour_type(const BehaviourCodes& codes, std::string_view age_band, std::string_view gender,
                                      std::string_view top_category) {
  auto it = codes.find({std::string(age_band), std::string(gender), std::string(top_category)});
  if (it != codes.end())
    if (auto t = type_from_code(it->second)) return *t;
  return type_from_category(top_category);
}

}  // namespace smartstore::models
