#pragma once
// Coupon codes (docs/coupon-format.md). Kiosk coupons "SC1." carry a
// truncated HMAC-SHA256 under the store's coupon key; HQ's app coupons "MC1."
// carry an Ed25519 signature that a kiosk verifies with HQ's public key only.
// The text is "SCn."/"MCn." + RFC 4648 base32 (upper case, no padding): every
// character is in QR's alphanumeric set and in Code 128.
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "smartstore/common/result.h"

namespace smartstore::edge::coupon {

inline constexpr std::string_view kStorePrefix = "SC1.";
inline constexpr std::string_view kHqPrefix = "MC1.";
inline constexpr std::size_t kStoreMacBytes = 10;
inline constexpr std::size_t kHqSignatureBytes = 64;

enum class CodeKind { store, hq };

// The signed fields, identical for both kinds.
struct CouponBody {
  std::uint8_t key_id = 1;           // which store key (SC) or HQ key (MC) signed it
  std::uint64_t coupon_id = 0;       // random; unique per issuer
  std::uint32_t store_tag = 0;       // store_tag(store_id); 0 on MC = any store
  std::uint16_t offer = 0;           // index into the offer table
  std::uint32_t expiry_minutes = 0;  // minutes since the Unix epoch, UTC

  bool operator==(const CouponBody&) const = default;
};

struct ParsedCode {
  CodeKind kind = CodeKind::store;
  CouponBody body;
  std::vector<unsigned char> signed_bytes;  // version byte + body, what the MAC/signature covers
  std::vector<unsigned char> tag;           // MAC or signature
};

// Structure only (prefix, base32, length, version); no key is involved.
// Fails with invalid_input naming what is wrong.
[[nodiscard]] Result<ParsedCode> parse_coupon_code(std::string_view text);

// First 4 bytes of SHA-256(store_id), never 0.
[[nodiscard]] std::uint32_t store_tag(std::string_view store_id);
// "c" + 16 lower-case hex digits (kiosk) or "m" + 16 (HQ): the id in the journal.
[[nodiscard]] std::string coupon_id_text(CodeKind kind, std::uint64_t id);
[[nodiscard]] std::uint64_t random_coupon_id();

[[nodiscard]] std::string encode_store_coupon(const CouponBody& body, std::span<const unsigned char> key);
[[nodiscard]] bool verify_store_mac(const ParsedCode& code, std::span<const unsigned char> key);

// HQ side (smartstore-hq and tests): sign with the 32-byte Ed25519 private key.
[[nodiscard]] std::string encode_hq_coupon(const CouponBody& body,
                                           std::span<const unsigned char> private_key);
// Kiosk side: verify with the 32-byte raw Ed25519 public key.
[[nodiscard]] bool verify_hq_signature(const ParsedCode& code, std::span<const unsigned char> public_key);

// A fresh Ed25519 key pair as raw 32-byte halves (tests, provisioning).
struct Ed25519KeyPair {
  std::array<unsigned char, 32> private_key{};
  std::array<unsigned char, 32> public_key{};
};
[[nodiscard]] Ed25519KeyPair generate_ed25519_key_pair();

[[nodiscard]] std::string base32_encode(std::span<const unsigned char> bytes);
[[nodiscard]] std::optional<std::vector<unsigned char>> base32_decode(std::string_view text);

}  // namespace smartstore::edge::coupon
