// Coupon codes: sign/verify both kinds, and 10,000 random mutations of valid
// codes all rejected.
#include <doctest/doctest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cstring>
#include <random>

#include "smartstore/edge/coupon/coupon_code.h"

using namespace smartstore::edge::coupon;

namespace {
const std::vector<unsigned char> kKey(32, 0x5a);

CouponBody sample_body() {
  CouponBody b;
  b.key_id = 3;
  b.coupon_id = 0x0123456789abcdefULL;
  b.store_tag = store_tag("S001");
  b.offer = 9;
  b.expiry_minutes = 28'620'000;
  return b;
}

bool accepted(const std::string& text, const std::array<unsigned char, 32>& hq_public) {
  auto parsed = parse_coupon_code(text);
  if (!parsed) return false;
  return parsed->kind == CodeKind::store ? verify_store_mac(*parsed, kKey)
                                         : verify_hq_signature(*parsed, hq_public);
}
}  // namespace

TEST_CASE("base32 round trip, canonical only") {
  std::vector<unsigned char> bytes = {0xff, 0x00, 0x10, 0x80, 0x01};
  CHECK(base32_encode(bytes) == "74ABBAAB");
  CHECK(base32_decode("74ABBAAB") == bytes);
  CHECK(base32_encode(std::vector<unsigned char>{'f', 'o', 'o'}) == "MZXW6");  // RFC 4648 vector
  CHECK_FALSE(base32_decode("MZXW7"));  // non-zero leftover bits
  CHECK_FALSE(base32_decode("mzxw6"));
  CHECK_FALSE(base32_decode("MZX"));
}

TEST_CASE("store coupon: encode, parse, verify; fits QR alphanumeric") {
  std::string code = encode_store_coupon(sample_body(), kKey);
  CHECK(code.size() == 4 + 48);
  CHECK(code.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.") == std::string::npos);
  auto parsed = parse_coupon_code(code);
  REQUIRE(parsed.has_value());
  CHECK(parsed->body == sample_body());
  CHECK(verify_store_mac(*parsed, kKey));
  CHECK_FALSE(verify_store_mac(*parsed, std::vector<unsigned char>(32, 0x5b)));
  CHECK(coupon_id_text(CodeKind::store, 0x0123456789abcdefULL) == "c0123456789abcdef");
}

TEST_CASE("store coupon MAC: HMAC-SHA256 over \"SC1.\" + body, truncated; the kept per-thread context never leaks state") {
  // Keys alternate and repeat, so the cached keyed context is both reused and replaced.
  const std::vector<std::vector<unsigned char>> keys = {kKey, std::vector<unsigned char>(32, 1),
                                                        std::vector<unsigned char>(16, 7), kKey};
  std::mt19937_64 rng(3);
  for (int i = 0; i < 200; ++i) {
    CAPTURE(i);
    const auto& key = keys[static_cast<std::size_t>(i) % keys.size()];
    CouponBody b = sample_body();
    b.coupon_id = rng();
    b.offer = static_cast<std::uint16_t>(rng());
    auto parsed = parse_coupon_code(encode_store_coupon(b, key));
    REQUIRE(parsed.has_value());
    // Sized once and filled: GCC 12 -O2 warns (array-bounds) on insert() after an initializer list.
    const auto& signed_bytes = parsed->signed_bytes;
    std::vector<unsigned char> input(4 + signed_bytes.size());
    std::memcpy(input.data(), "SC1.", 4);
    std::copy(signed_bytes.begin(), signed_bytes.end(), input.begin() + 4);
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    REQUIRE(HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), input.data(), input.size(), mac, &len) !=
            nullptr);
    CHECK(parsed->tag == std::vector<unsigned char>(mac, mac + kStoreMacBytes));
    CHECK(verify_store_mac(*parsed, key));
    CHECK_FALSE(verify_store_mac(*parsed, std::vector<unsigned char>(32, 0xEE)));
  }
}

TEST_CASE("HQ coupon: verified with the public key only") {
  auto pair = generate_ed25519_key_pair();
  CouponBody b = sample_body();
  b.store_tag = 0;
  std::string code = encode_hq_coupon(b, pair.private_key);
  CHECK(code.rfind("MC1.", 0) == 0);
  auto parsed = parse_coupon_code(code);
  REQUIRE(parsed.has_value());
  CHECK(parsed->kind == CodeKind::hq);
  CHECK(verify_hq_signature(*parsed, pair.public_key));
  auto other = generate_ed25519_key_pair();
  CHECK_FALSE(verify_hq_signature(*parsed, other.public_key));
}

TEST_CASE("10,000 random mutations of valid codes are all rejected") {
  auto pair = generate_ed25519_key_pair();
  const std::string codes[] = {encode_store_coupon(sample_body(), kKey), encode_hq_coupon(sample_body(), pair.private_key)};
  const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567abcxyz019.-";
  std::mt19937_64 rng(20240601);
  int rejected = 0;
  const int n = 10'000;
  for (int i = 0; i < n; ++i) {
    const std::string& original = codes[i % 2];
    std::string m = original;
    int edits = 1 + static_cast<int>(rng() % 3);
    for (int e = 0; e < edits || m == original; ++e) {  // until it really differs
      std::size_t pos = rng() % m.size();
      switch (rng() % 4) {
        case 0: m[pos] = alphabet[rng() % alphabet.size()]; break;          // substitute
        case 1: m.erase(pos, 1); break;                                     // delete
        case 2: m.insert(pos, 1, alphabet[rng() % alphabet.size()]); break;  // insert
        default: std::swap(m[pos], m[rng() % m.size()]); break;             // transpose
      }
    }
    if (!accepted(m, pair.public_key)) ++rejected;
  }
  CHECK(rejected == n);
  CHECK(accepted(codes[0], pair.public_key));
  CHECK(accepted(codes[1], pair.public_key));
}
