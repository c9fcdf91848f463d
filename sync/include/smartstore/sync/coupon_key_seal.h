#pragma once
// A coupon key on its way from HQ to a store's kiosks (the `coupon-key`
// downlink body's "key"), sealed so that it is never in clear on the broker,
// in its persisted sessions, or in anyone's copy of a message:
// AES-256-GCM under a key derived (HKDF-SHA256) from the store's provisioned
// coupon key (key id 1, kiosk.coupon_key_file, which never travels over MQTT)
// and the store id. The key id and not-after are authenticated with it, so a
// sealed key cannot be replayed under another id or lifetime, nor to another
// store. A retirement names only the id.
//
//   {"key_id": 2, "not_after": 1780000000,
//    "sealed": {"alg": "A256GCM-HKDF-SHA256", "nonce": "<24 hex>", "ciphertext": "<hex, tag last>"}}
//   {"key_id": 2, "retire": true}
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "smartstore/common/result.h"

namespace smartstore::sync {

struct CouponKeyUpdate {
  int key_id = 0;                         // 2..255 (1 is the provisioned file's)
  bool retire = false;                    // true: no secret, the id stops signing and verifying
  std::vector<unsigned char> secret;      // at least 32 bytes unless retire
  std::optional<std::int64_t> not_after;  // unix seconds; none: until retired
};

// The "key" object's JSON text; invalid_input for an id outside 2..255 or a
// short secret.
[[nodiscard]] Result<std::string> seal_coupon_key(std::span<const unsigned char> store_key,
                                                  std::string_view store_id, const CouponKeyUpdate& update);

// The update in a "key" object, its secret opened; invalid_input naming the
// field for a malformed object, a key sent in clear ("key_hex") or a seal
// that does not open under this store's key.
[[nodiscard]] Result<CouponKeyUpdate> open_coupon_key(std::span<const unsigned char> store_key,
                                                      std::string_view store_id, std::string_view key_json);

}  // namespace smartstore::sync
