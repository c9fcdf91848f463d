// ctest-labels: unit
// DownlinkApplier::withdraw_consent as the agent calls it for HQ's
// consent-withdrawals: the store keeps the list across restarts and snapshot
// swaps, refuses what is not a member key (nothing stored), and forgets the
// entry with the member when the member is erased.
#include <doctest/doctest.h>

#include "smartstore/edge/store/kiosk_store.h"
#include "smartstore/models/snapshot_format.h"
#include "support/test_paths.h"

using namespace smartstore;
using namespace smartstore::edge;
using smartstore::testing::TempDir;

namespace {

std::string key_of(int i) {
  return models::sha256_hex("consent" + std::to_string(i));
}

}  // namespace

TEST_CASE("consent withdrawal: kept across restarts, refused for a non-key, gone with an erased member") {
  TempDir tmp;
  {
    store::KioskStore s(tmp / "kiosk.db", store::StoreOptions{"S001"});
    CHECK_FALSE(s.downlink().consent_withdrawn(key_of(1)));
    REQUIRE(s.downlink().withdraw_consent("r1", {key_of(1), key_of(2)}).has_value());
    REQUIRE(s.downlink().withdraw_consent("r2", {key_of(1)}).has_value());  // a resend: no change
    const auto bad = s.downlink().withdraw_consent("r3", {key_of(3), "8710123412341234"});
    REQUIRE_FALSE(bad.has_value());
    CHECK(bad.error().kind() == ErrorKind::invalid_input);
    CHECK(bad.error().message().find("member_keys[1]") != std::string::npos);
    CHECK(bad.error().message().find("8710123412341234") == std::string::npos);  // never a number in a log
    CHECK_FALSE(s.downlink().consent_withdrawn(key_of(3)));  // the whole message was refused
  }
  store::KioskStore s(tmp / "kiosk.db", store::StoreOptions{"S001"});
  CHECK(s.downlink().consent_withdrawn(key_of(1)));
  CHECK(s.downlink().consent_withdrawn(key_of(2)));
  REQUIRE(s.downlink().erase_members("e1", {key_of(2)}).has_value());
  CHECK_FALSE(s.downlink().consent_withdrawn(key_of(2)));
  CHECK(s.downlink().consent_withdrawn(key_of(1)));
}

TEST_CASE("consent withdrawal: a scan's member lookup reports it, for the surviving key of an alias") {
  TempDir tmp;
  store::KioskStore s(tmp / "kiosk.db", store::StoreOptions{"S001"});
  models::CustomerProfile survivor;
  survivor.member_key = key_of(2);
  REQUIRE(s.profiles().load({survivor}).has_value());
  REQUIRE(s.downlink().apply_aliases({{key_of(1), key_of(2)}}).has_value());
  REQUIRE(s.downlink().withdraw_consent("r1", {key_of(2), key_of(4)}).has_value());
  const auto merged = s.profiles().find_member(key_of(1));  // the old card: the survivor's profile
  REQUIRE(merged.profile.has_value());
  CHECK(merged.profile->member_key == key_of(2));
  CHECK(merged.consent_withdrawn);
  CHECK(s.profiles().find_member(key_of(2)).consent_withdrawn);
  const auto uncached = s.profiles().find_member(key_of(4));  // listed, no profile cached
  CHECK_FALSE(uncached.profile.has_value());
  CHECK(uncached.consent_withdrawn);
  CHECK_FALSE(s.profiles().find_member(key_of(3)).consent_withdrawn);
}
