#pragma once
// A cached profile of a returning member (a few purchase days, so no welcome
// offer), varied by index: what the kiosk benches and the fleet scan.
#include <string>

#include "smartstore/models/profile.h"

namespace smartstore::testing {

inline models::CustomerProfile returning_member(const std::string& key, unsigned i) {
  models::CustomerProfile p;
  p.member_key = key;
  p.tier = i % 5 == 0 ? "butterfly" : "star";
  p.grade = "G2";
  p.segment = "Silver";
  p.behaviour_type = "easygoing";
  p.age_band = "40s";
  p.gender.assign(1, i % 2 != 0 ? 'F' : 'M');
  p.purchase_days = 3 + i % 20;  // a returning customer: no welcome offer
  p.preferences = {{"식품", 100, 4}, {"생활용품", 60, 2}};
  p.total_spend_krw = 300'000 + 1'000 * (i % 300);
  return p;
}

}  // namespace smartstore::testing
