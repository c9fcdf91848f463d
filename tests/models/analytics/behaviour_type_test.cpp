// Behaviour types of report 000 from 4-bit session codes, with the category fallback.
#include <doctest/doctest.h>

#include <vector>

#include "smartstore/models/behaviour_type.h"

using namespace smartstore::models;

TEST_CASE("codes compare each category's means with the group's mean over all categories") {
  // Women in their 20s: cosmetics quick but searched and pricey; clothing slow and browsed.
  const std::vector<BehaviourObservation> obs{
      {"20s", "F", "화장품/뷰티케어", 100, 5, 6, 60000}, {"20s", "F", "화장품/뷰티케어", 120, 7, 4, 56000},
      {"20s", "F", "여성의류", 900, 40, 1, 50000},       {"20s", "F", "여성의류", 1100, 60, 1, 70000},
      {"20s", "F", "남성의류", 200, 10, 1, 10000},
      // Another group with different means: its own comparison.
      {"40s", "M", "남성의류", 50, 2, 0, 5000},          {"40s", "M", "스포츠패션", 500, 30, 3, 90000},
  };
  const BehaviourCodes codes = behaviour_codes(obs);
  // Group means (20s F): time 484, views 24.4, searches 2.6, price 49200.
  CHECK(codes.at({"20s", "F", "화장품/뷰티케어"}) == "0011");
  CHECK(codes.at({"20s", "F", "여성의류"}) == "1101");
  CHECK(codes.at({"20s", "F", "남성의류"}) == "0000");
  CHECK(codes.at({"40s", "M", "남성의류"}) == "0000");
  CHECK(codes.at({"40s", "M", "스포츠패션"}) == "1111");
  CHECK(customer_behaviour_type(codes, "20s", "F", "화장품/뷰티케어") == BehaviourType::mania);
  CHECK(customer_behaviour_type(codes, "20s", "F", "여성의류") == BehaviourType::meticulous);
  CHECK(customer_behaviour_type(codes, "40s", "M", "남성의류") == BehaviourType::easygoing);
}

TEST_CASE("the report's code table and the category fallback") {
  CHECK(type_from_code("1101") == BehaviourType::meticulous);
  CHECK(type_from_code("1111") == BehaviourType::meticulous);
  CHECK(type_from_code("0011") == BehaviourType::mania);
  CHECK(type_from_code("0000") == BehaviourType::easygoing);
  CHECK(type_from_code("0010") == BehaviourType::easygoing);
  CHECK_FALSE(type_from_code("1000").has_value());
  CHECK(type_from_category("패션잡화") == BehaviourType::meticulous);
  CHECK(type_from_category("화장품/뷰티케어") == BehaviourType::mania);
  CHECK(type_from_category("출산/육아용품") == BehaviourType::easygoing);
  CHECK(type_from_category("unknown") == BehaviourType::easygoing);
  // No session data (empty codes) or an unnamed code: the category map decides.
  CHECK(customer_behaviour_type({}, "30s", "F", "건강식품") == BehaviourType::meticulous);
  BehaviourCodes odd{{{"30s", "F", "화장품/뷰티케어"}, "1000"}};
  CHECK(customer_behaviour_type(odd, "30s", "F", "화장품/뷰티케어") == BehaviourType::mania);
  CHECK(to_string(BehaviourType::easygoing) == "easygoing");
}
