#pragma once
// The kiosk the kiosk tests share: store S001 over a fresh SQLite file
// (outbox bound 1000, retention 30 days, NORMAL commits) with coupon key 1.
#include <utility>
#include <vector>

#include "smartstore/edge/kiosk/kiosk.h"
#include "smartstore/edge/store/kiosk_store.h"
#include "support/kiosk_fixtures.h"
#include "support/test_paths.h"

namespace smartstore::testing {

struct KioskRig {
  KioskRig(std::vector<unsigned char> deployment_key, const std::vector<unsigned char>& coupon_key,
           edge::Clock::time_point key_added)
      : kiosk(store, kiosk_options(std::move(deployment_key))) {
    store.keys().add(1, coupon_key, key_added);
  }

  TempDir dir;
  edge::store::KioskStore store{dir / "kiosk.db", edge::store::StoreOptions{"S001", 1000, 30, false}};
  edge::kiosk::Kiosk kiosk;
};

}  // namespace smartstore::testing
