// fuzz-sources: edge/src/coupon/coupon_code.cpp edge/src/coupon/base32.cpp
// fuzz-links: OpenSSL::Crypto smartstore_common
// A coupon code as scanned or typed at the till: any text either parses or
// names its error; a parsed code re-encodes to the same text, and only a code
// signed with the right key verifies. Forgery by bit-flipping is the attack.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "smartstore/edge/coupon/coupon_code.h"

namespace {
namespace cc = smartstore::edge::coupon;
const unsigned char kStoreKey[32] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
                                     17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32};
const cc::Ed25519KeyPair& hq_keys() {
  static const cc::Ed25519KeyPair keys = cc::generate_ed25519_key_pair();
  return keys;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = cc::parse_coupon_code(text);
  if (!parsed && parsed.error().message().empty()) std::abort();  // a refusal says why
  if (!parsed) {
    // The base32 layer alone: decode then encode is the identity on what decodes.
    if (auto bytes = cc::base32_decode(text))
      if (auto again = cc::base32_decode(cc::base32_encode(*bytes)); !again || *again != *bytes) std::abort();
    return 0;
  }
  const auto& code = *parsed;
  // A fuzzer cannot forge a MAC or an Ed25519 signature: verification must fail
  // unless the input is exactly what our own encoder makes for that body.
  if (code.kind == cc::CodeKind::store) {
    if (code.tag.size() != cc::kStoreMacBytes) std::abort();
    auto real = cc::parse_coupon_code(cc::encode_store_coupon(code.body, kStoreKey));
    if (!real || !(real->body == code.body) || !cc::verify_store_mac(*real, kStoreKey)) std::abort();
    // Whatever verifies carries exactly the MAC our encoder computes for its bytes.
    if (cc::verify_store_mac(code, kStoreKey) &&
        (real->tag != code.tag || real->signed_bytes != code.signed_bytes))
      std::abort();
  } else {
    if (code.tag.size() != cc::kHqSignatureBytes) std::abort();
    if (cc::verify_hq_signature(code, hq_keys().public_key)) std::abort();
  }
  return 0;
}
