#include "smartstore/edge/coupon/coupon_code.h"

#include <openssl/core_names.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/sha.h>

#include <cstdio>
#include <memory>
#include <stdexcept>
#include <vector>

#include "smartstore/edge/coupon/random_bytes.h"

namespace smartstore::edge::coupon {
namespace {

constexpr unsigned char kVersion = 1;
// version + key id + coupon id + store tag + offer + expiry
constexpr std::size_t kSignedBytes = 1 + 1 + 8 + 4 + 2 + 4;

void put(std::vector<unsigned char>& out, std::uint64_t v, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) out.push_back(static_cast<unsigned char>((v >> (8 * i)) & 0xffU));
}

std::uint64_t get(const unsigned char* p, int bytes) {
  std::uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v = (v << 8) | p[i];
  return v;
}

std::vector<unsigned char> signed_bytes(const CouponBody& b) {
  std::vector<unsigned char> out;
  out.reserve(kSignedBytes);
  out.push_back(kVersion);
  put(out, b.key_id, 1);
  put(out, b.coupon_id, 8);
  put(out, b.store_tag, 4);
  put(out, b.offer, 2);
  put(out, b.expiry_minutes, 4);
  return out;
}

using MacCtxPtr = std::unique_ptr<EVP_MAC_CTX, decltype(&EVP_MAC_CTX_free)>;

// HMAC-SHA256 keyed once per thread and key: HMAC() looks the algorithm and
// the digest up by name on every call, which cost more than the MAC itself.
class KeyedHmac {
 public:
  EVP_MAC_CTX* for_key(std::span<const unsigned char> key) {
    if (ctx_ && key.size() == key_.size() &&
        (key.empty() || CRYPTO_memcmp(key.data(), key_.data(), key.size()) == 0)) {
      if (EVP_MAC_init(ctx_.get(), nullptr, 0, nullptr) != 1) throw std::runtime_error("HMAC-SHA256 failed");
      return ctx_.get();  // the same key: init without one restarts with it
    }
    static EVP_MAC* const hmac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
    if (hmac == nullptr) throw std::runtime_error("HMAC unavailable");
    MacCtxPtr ctx(EVP_MAC_CTX_new(hmac), &EVP_MAC_CTX_free);
    char digest[] = "SHA256";
    const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                                 OSSL_PARAM_construct_end()};
    static const unsigned char no_key = 0;  // an empty key is legal HMAC; OpenSSL wants a pointer for it
    if (!ctx || EVP_MAC_init(ctx.get(), key.empty() ? &no_key : key.data(), key.size(), params) != 1)
      throw std::runtime_error("HMAC-SHA256 failed");
    ctx_ = std::move(ctx);
    if (!key_.empty()) OPENSSL_cleanse(key_.data(), key_.size());
    key_.assign(key.begin(), key.end());
    return ctx_.get();
  }
  ~KeyedHmac() {
    if (!key_.empty()) OPENSSL_cleanse(key_.data(), key_.size());
  }

 private:
  MacCtxPtr ctx_{nullptr, &EVP_MAC_CTX_free};
  std::vector<unsigned char> key_;
};

// The MAC covers a domain label too, so a store key can never be tricked into
// vouching for bytes meant for another purpose.
std::array<unsigned char, 32> store_mac(std::span<const unsigned char> signed_part,
                                        std::span<const unsigned char> key) {
  static constexpr unsigned char kLabel[] = {'S', 'C', '1', '.'};
  thread_local KeyedHmac keyed;
  EVP_MAC_CTX* ctx = keyed.for_key(key);
  std::array<unsigned char, 32> mac{};
  std::size_t len = 0;
  if (EVP_MAC_update(ctx, kLabel, sizeof kLabel) != 1 ||
      EVP_MAC_update(ctx, signed_part.data(), signed_part.size()) != 1 ||
      EVP_MAC_final(ctx, mac.data(), &len, mac.size()) != 1 || len != mac.size()) {
    throw std::runtime_error("HMAC-SHA256 failed");
  }
  return mac;
}

using PkeyPtr = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)>;

}  // namespace

std::uint32_t store_tag(std::string_view store_id) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(store_id.data()), store_id.size(), digest);
  auto tag = static_cast<std::uint32_t>(get(digest, 4));
  return tag == 0 ? 1 : tag;
}

std::string coupon_id_text(CodeKind kind, std::uint64_t id) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%c%016llx", kind == CodeKind::store ? 'c' : 'm',
                static_cast<unsigned long long>(id));
  return buf;
}

std::uint64_t random_coupon_id() {
  unsigned char b[8];
  random_bytes(b, sizeof b);
  return get(b, 8);
}

Result<ParsedCode> parse_coupon_code(std::string_view text) {
  auto invalid = [](const char* why) { return fail(ErrorKind::invalid_input, why, "coupon"); };
  CodeKind kind{};
  std::size_t tag_bytes = 0;
  if (text.starts_with(kStorePrefix)) {
    kind = CodeKind::store;
    tag_bytes = kStoreMacBytes;
  } else if (text.starts_with(kHqPrefix)) {
    kind = CodeKind::hq;
    tag_bytes = kHqSignatureBytes;
  } else {
    return invalid("not a coupon code (expected SC1. or MC1.)");
  }
  auto bytes = base32_decode(text.substr(4));
  if (!bytes) {
    return invalid("not canonical base32");
  }
  if (bytes->size() != kSignedBytes + tag_bytes) {
    return invalid("wrong length");
  }
  const unsigned char* p = bytes->data();
  if (p[0] != kVersion) {
    return invalid("unknown body version");
  }
  ParsedCode code;
  code.kind = kind;
  code.body.key_id = p[1];
  code.body.coupon_id = get(p + 2, 8);
  code.body.store_tag = static_cast<std::uint32_t>(get(p + 10, 4));
  code.body.offer = static_cast<std::uint16_t>(get(p + 14, 2));
  code.body.expiry_minutes = static_cast<std::uint32_t>(get(p + 16, 4));
  code.signed_bytes.assign(p, p + kSignedBytes);
  code.tag.assign(p + kSignedBytes, p + bytes->size());
  return code;
}

std::string encode_store_coupon(const CouponBody& body, std::span<const unsigned char> key) {
  auto bytes = signed_bytes(body);
  auto mac = store_mac(bytes, key);
  bytes.insert(bytes.end(), mac.begin(), mac.begin() + kStoreMacBytes);
  return std::string(kStorePrefix) + base32_encode(bytes);
}

bool verify_store_mac(const ParsedCode& code, std::span<const unsigned char> key) {
  if (code.kind != CodeKind::store || code.tag.size() != kStoreMacBytes) return false;
  auto mac = store_mac(code.signed_bytes, key);
  return CRYPTO_memcmp(mac.data(), code.tag.data(), kStoreMacBytes) == 0;
}

std::string encode_hq_coupon(const CouponBody& body, std::span<const unsigned char> private_key) {
  PkeyPtr pkey(
      EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, private_key.data(), private_key.size()),
      &EVP_PKEY_free);
  if (!pkey) throw std::runtime_error("not an Ed25519 private key");
  MdCtxPtr ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  auto bytes = signed_bytes(body);
  std::array<unsigned char, kHqSignatureBytes> sig{};
  std::size_t sig_len = sig.size();
  if (EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, pkey.get()) != 1 ||
      EVP_DigestSign(ctx.get(), sig.data(), &sig_len, bytes.data(), bytes.size()) != 1) {
    throw std::runtime_error("Ed25519 signing failed");
  }
  bytes.insert(bytes.end(), sig.begin(), sig.end());
  return std::string(kHqPrefix) + base32_encode(bytes);
}

bool verify_hq_signature(const ParsedCode& code, std::span<const unsigned char> public_key) {
  if (code.kind != CodeKind::hq || code.tag.size() != kHqSignatureBytes || public_key.size() != 32)
    return false;
  PkeyPtr pkey(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, public_key.data(), public_key.size()),
               &EVP_PKEY_free);
  if (!pkey) return false;
  MdCtxPtr ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  if (EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, pkey.get()) != 1) return false;
  return EVP_DigestVerify(ctx.get(), code.tag.data(), code.tag.size(), code.signed_bytes.data(),
                          code.signed_bytes.size()) == 1;
}

Ed25519KeyPair generate_ed25519_key_pair() {
  EVP_PKEY* raw = nullptr;
  std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(
      EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, nullptr), &EVP_PKEY_CTX_free);
  if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1 || EVP_PKEY_keygen(ctx.get(), &raw) != 1) {
    throw std::runtime_error("Ed25519 key generation failed");
  }
  PkeyPtr pkey(raw, &EVP_PKEY_free);
  Ed25519KeyPair pair;
  std::size_t len = 32;
  EVP_PKEY_get_raw_private_key(pkey.get(), pair.private_key.data(), &len);
  len = 32;
  EVP_PKEY_get_raw_public_key(pkey.get(), pair.public_key.data(), &len);
  return pair;
}

}  // namespace smartstore::edge::coupon
