#pragma once
// The HMAC keys store coupons are signed with, by key id (HQ rotates them;
// the newest signs, every kept one verifies). Read on every scan, so kept in
// memory until a key is added. Each call is one step under the store's lock.
#include <map>
#include <optional>
#include <vector>

#include "smartstore/edge/kiosk_service.h"

namespace smartstore::edge::store {

class StoreDatabase;

class KeyRing final {
 public:
  explicit KeyRing(StoreDatabase& db) : db_(db) {}
  KeyRing(const KeyRing&) = delete;
  KeyRing& operator=(const KeyRing&) = delete;

  [[nodiscard]] std::map<int, std::vector<unsigned char>> coupon_keys();
  // Adds or replaces key `key_id`.
  void add(int key_id, const std::vector<unsigned char>& secret, Clock::time_point now);

 private:
  StoreDatabase& db_;
  std::optional<std::map<int, std::vector<unsigned char>>> cache_;  // tiny
};

}  // namespace smartstore::edge::store
