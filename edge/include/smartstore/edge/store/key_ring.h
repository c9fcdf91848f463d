#pragma once
// The HMAC keys store coupons are signed with, by key id. Key id 1 is the
// store's provisioned key file; HQ adds higher ids (sealed, see
// sync/coupon_key_seal.h), each with an optional not-after, and may retire
// any. An id once stored is never given another secret: not by HQ, not by a
// changed key file. A key signs and verifies from when it is added until its
// not-after or its retirement, whichever comes first; the newest usable key
// signs. Read on every scan, so kept in memory until a key changes. Each call
// is one step under the store's lock.
#include <map>
#include <optional>
#include <utility>
#include <vector>

#include "smartstore/common/result.h"
#include "smartstore/edge/kiosk_service.h"

namespace smartstore::edge::store {

class StoreDatabase;

struct CouponKey {
  std::vector<unsigned char> secret;
  std::optional<Clock::time_point> not_after;   // none: until retired
  std::optional<Clock::time_point> retired_at;  // set: neither signs nor verifies

  [[nodiscard]] bool usable(Clock::time_point now) const {
    return !retired_at && (!not_after || now < *not_after);
  }
};

class KeyRing final {
 public:
  explicit KeyRing(StoreDatabase& db) : db_(db) {}
  KeyRing(const KeyRing&) = delete;
  KeyRing& operator=(const KeyRing&) = delete;

  // Every key ever stored, retired and expired ones too.
  [[nodiscard]] std::map<int, CouponKey> coupon_keys();
  // The key a coupon valid until `expires` is signed with: the highest id
  // usable now whose not-after is not before `expires`.
  [[nodiscard]] std::optional<std::pair<int, std::vector<unsigned char>>> signing_key(
      Clock::time_point now, Clock::time_point expires);
  // Stores key `key_id`. The same secret again is ok (a redelivered message;
  // the stored not-after stays); an id already stored with another secret —
  // or retired — fails with conflict and changes nothing.
  [[nodiscard]] Status add(int key_id, const std::vector<unsigned char>& secret, Clock::time_point now,
                           std::optional<Clock::time_point> not_after = std::nullopt);
  // From now on key `key_id` neither signs nor verifies; its id stays taken.
  // not_found for an id never stored; retiring twice is ok.
  [[nodiscard]] Status retire(int key_id, Clock::time_point now);

 private:
  StoreDatabase& db_;
  std::optional<std::map<int, CouponKey>> cache_;  // tiny
};

}  // namespace smartstore::edge::store
