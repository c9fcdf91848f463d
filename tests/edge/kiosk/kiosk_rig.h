#pragma once
// The kiosk the kiosk tests share: store S001 over a fresh SQLite file
// (outbox bound 1000, retention 30 days, NORMAL commits) with coupon key 1.
#include <doctest/doctest.h>

#include <utility>
#include <vector>

#include "smartstore/edge/kiosk/kiosk.h"
#include "smartstore/edge/store/kiosk_store.h"
#include "smartstore/models/member_key.h"
#include "support/kiosk_fixtures.h"
#include "support/test_paths.h"

namespace smartstore::testing {

struct KioskRig {
  KioskRig(std::vector<unsigned char> deployment_key, const std::vector<unsigned char>& coupon_key,
           edge::Clock::time_point key_added)
      : kiosk(store, kiosk_options(std::move(deployment_key))) {
    REQUIRE(store.keys().add(1, coupon_key, key_added));
  }

  TempDir dir;
  edge::store::KioskStore store{dir / "kiosk.db", edge::store::StoreOptions{"S001", 1000, 30, false}};
  edge::kiosk::Kiosk kiosk;
};

// A star-tier Silver member as the kiosk tests scan them: the tier rule
// gives star_thank_you when no campaign applies.
inline models::CustomerProfile star_profile(const std::vector<unsigned char>& deployment_key,
                                            const std::string& number) {
  models::CustomerProfile p;
  p.member_key = models::member_key(deployment_key, number);
  p.tier = "star";
  p.grade = "G2";
  p.segment = "Silver";
  p.behaviour_type = "easygoing";
  p.age_band = "30s";
  p.gender = "F";
  p.preferences = {{"식품", 100, 4}};
  p.total_spend_krw = 400'000;
  return p;
}

}  // namespace smartstore::testing
