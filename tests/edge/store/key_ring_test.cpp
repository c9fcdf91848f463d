// ctest-labels: security unit
// Coupon keys as an attacker (or a replayed or mistaken HQ message) would
// push them: an id already held (1 included) is never given another secret,
// a retired id is never revived, a key past its not-after neither signs nor
// verifies, and a key in clear or sealed for another store is refused.
#include <doctest/doctest.h>

#include "smartstore/edge/store/kiosk_store.h"
#include "smartstore/sync/coupon_key_seal.h"
#include "support/test_paths.h"

using namespace smartstore;
using namespace smartstore::testing;
using namespace std::chrono_literals;
using edge::Clock;

namespace {
const std::vector<unsigned char> kStoreKey(32, 0x11);
const Clock::time_point kNow = Clock::time_point(std::chrono::seconds(1'780'000'000));

std::string sealed(int id, unsigned char fill, std::optional<std::int64_t> not_after = std::nullopt,
                   const std::string& store = "S001",
                   const std::vector<unsigned char>& store_key = kStoreKey) {
  auto text =
      sync::seal_coupon_key(store_key, store, {id, false, std::vector<unsigned char>(32, fill), not_after});
  REQUIRE(text);
  return *text;
}
std::string retirement(int id) {
  return *sync::seal_coupon_key(kStoreKey, "S001", {id, true, {}, std::nullopt});
}
}  // namespace

TEST_CASE("a coupon key id once held is never given another secret, 1 included") {
  TempDir dir;
  edge::store::KioskStore s(dir / "kiosk.db", {"S001", 1000, 30, false});
  REQUIRE(s.keys().add(1, kStoreKey, kNow));
  CHECK_FALSE(s.keys().add(1, std::vector<unsigned char>(32, 0x22), kNow));
  CHECK(s.keys().coupon_keys().at(1).secret == kStoreKey);
  // HQ cannot send id 1 at all: it is the provisioned file's.
  CHECK_FALSE(
      sync::seal_coupon_key(kStoreKey, "S001", {1, false, std::vector<unsigned char>(32, 1), std::nullopt}));

  REQUIRE(s.downlink().rotate_coupon_key(sealed(2, 0xaa)));
  REQUIRE(s.downlink().rotate_coupon_key(sealed(2, 0xaa)));  // redelivered: fine
  const auto overwrite = s.downlink().rotate_coupon_key(sealed(2, 0xbb));
  REQUIRE_FALSE(overwrite);
  CHECK(overwrite.error().kind() == ErrorKind::conflict);
  CHECK(s.keys().coupon_keys().at(2).secret == std::vector<unsigned char>(32, 0xaa));
}

TEST_CASE("a retired key neither signs nor verifies and its id is never reused") {
  TempDir dir;
  edge::store::KioskStore s(dir / "kiosk.db", {"S001", 1000, 30, false});
  REQUIRE(s.keys().add(1, kStoreKey, kNow));
  REQUIRE(s.downlink().rotate_coupon_key(sealed(2, 0xaa)));
  CHECK(s.keys().signing_key(kNow, kNow + 24h)->first == 2);
  REQUIRE(s.downlink().rotate_coupon_key(retirement(2)));
  CHECK_FALSE(s.keys().coupon_keys().at(2).usable(kNow));
  CHECK(s.keys().signing_key(kNow, kNow + 24h)->first == 1);
  CHECK_FALSE(s.downlink().rotate_coupon_key(sealed(2, 0xaa)));  // not even with its old secret
  CHECK_FALSE(s.downlink().rotate_coupon_key(sealed(2, 0xcc)));
  CHECK_FALSE(s.downlink().rotate_coupon_key(retirement(9)));  // never held
}

TEST_CASE("a key signs only coupons that expire before its not-after, and verifies only until then") {
  TempDir dir;
  edge::store::KioskStore s(dir / "kiosk.db", {"S001", 1000, 30, false});
  REQUIRE(s.keys().add(1, kStoreKey, kNow));
  const auto end = std::chrono::duration_cast<std::chrono::seconds>((kNow + 48h).time_since_epoch()).count();
  REQUIRE(s.downlink().rotate_coupon_key(sealed(3, 0xcc, end)));
  CHECK(s.keys().signing_key(kNow, kNow + 24h)->first == 3);
  CHECK(s.keys().signing_key(kNow, kNow + 7 * 24h)->first == 1);  // would outlive key 3
  CHECK(s.keys().coupon_keys().at(3).usable(kNow + 47h));
  CHECK_FALSE(s.keys().coupon_keys().at(3).usable(kNow + 48h));
}

TEST_CASE("a key in clear, sealed for another store or altered is refused") {
  TempDir dir;
  edge::store::KioskStore s(dir / "kiosk.db", {"S001", 1000, 30, false});
  REQUIRE(s.keys().add(1, kStoreKey, kNow));
  const auto clear =
      s.downlink().rotate_coupon_key(R"({"key_id":4,"key_hex":")" + std::string(64, 'f') + "\"}");
  REQUIRE_FALSE(clear);
  CHECK(clear.error().message().find("in clear is refused") != std::string::npos);
  CHECK_FALSE(s.downlink().rotate_coupon_key(sealed(4, 0xdd, std::nullopt, "S002")));
  CHECK_FALSE(s.downlink().rotate_coupon_key(
      sealed(4, 0xdd, std::nullopt, "S001", std::vector<unsigned char>(32, 9))));
  // The not-after is sealed with the key: lengthening it breaks the seal.
  std::string text = sealed(4, 0xdd, 1'780'000'100);
  text.replace(text.find("1780000100"), 10, "1999999999");
  CHECK_FALSE(s.downlink().rotate_coupon_key(text));
  CHECK_FALSE(s.keys().coupon_keys().contains(4));
}
