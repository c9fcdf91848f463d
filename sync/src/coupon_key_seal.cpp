#include "smartstore/sync/coupon_key_seal.h"

#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/rand.h>

#include <array>
#include <memory>
#include <nlohmann/json.hpp>

namespace smartstore::sync {
namespace {

using nlohmann::json;
using Bytes = std::vector<unsigned char>;

constexpr std::string_view kAlg = "A256GCM-HKDF-SHA256";
constexpr std::string_view kSalt = "smartstore-coupon-key-seal-v1";
constexpr std::size_t kNonceBytes = 12;
constexpr std::size_t kTagBytes = 16;

Error invalid(std::string why) {
  return Error(ErrorKind::invalid_input, "coupon key: " + std::move(why), "sync");
}

std::string hex(const Bytes& b) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : b) {
    out.push_back(digits[c >> 4]);
    out.push_back(digits[c & 15]);
  }
  return out;
}

std::optional<Bytes> unhex(const std::string& s) {
  if (s.size() % 2 != 0) return std::nullopt;
  Bytes out;
  for (std::size_t i = 0; i < s.size(); i += 2) {
    int v = 0;
    for (char c : s.substr(i, 2)) {
      const int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
      if (d < 0) return std::nullopt;
      v = v * 16 + d;
    }
    out.push_back(static_cast<unsigned char>(v));
  }
  return out;
}

// The sealing key of one store: HKDF-SHA256(store key, salt, info = store id).
std::optional<std::array<unsigned char, 32>> sealing_key(std::span<const unsigned char> store_key,
                                                         std::string_view store_id) {
  std::array<unsigned char, 32> out{};
  std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(EVP_PKEY_CTX_new_id(EVP_PKEY_HKDF, nullptr),
                                                                  EVP_PKEY_CTX_free);
  std::size_t len = out.size();
  const bool ok =
      ctx && EVP_PKEY_derive_init(ctx.get()) == 1 && EVP_PKEY_CTX_set_hkdf_md(ctx.get(), EVP_sha256()) == 1 &&
      EVP_PKEY_CTX_set1_hkdf_salt(ctx.get(), reinterpret_cast<const unsigned char*>(kSalt.data()),
                                  static_cast<int>(kSalt.size())) == 1 &&
      EVP_PKEY_CTX_set1_hkdf_key(ctx.get(), store_key.data(), static_cast<int>(store_key.size())) == 1 &&
      EVP_PKEY_CTX_add1_hkdf_info(ctx.get(), reinterpret_cast<const unsigned char*>(store_id.data()),
                                  static_cast<int>(store_id.size())) == 1 &&
      EVP_PKEY_derive(ctx.get(), out.data(), &len) == 1 && len == out.size();
  if (!ok) return std::nullopt;
  return out;
}

// What the seal authenticates besides the secret.
std::string associated_data(std::string_view store_id, const CouponKeyUpdate& u) {
  return std::string(kAlg) + "\n" + std::string(store_id) + "\n" + std::to_string(u.key_id) + "\n" +
         (u.not_after ? std::to_string(*u.not_after) : "-");
}

// AES-256-GCM one way or the other; false when the tag does not verify.
bool gcm(bool encrypt, const std::array<unsigned char, 32>& key, const Bytes& nonce, const std::string& aad,
         const Bytes& in, Bytes& out, Bytes& tag) {
  std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)> ctx(EVP_CIPHER_CTX_new(),
                                                                      EVP_CIPHER_CTX_free);
  int len = 0, tail = 0;
  out.assign(in.size(), 0);
  const auto* aad_bytes = reinterpret_cast<const unsigned char*>(aad.data());
  if (!ctx ||
      EVP_CipherInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key.data(), nonce.data(), encrypt) != 1 ||
      EVP_CipherUpdate(ctx.get(), nullptr, &len, aad_bytes, static_cast<int>(aad.size())) != 1 ||
      EVP_CipherUpdate(ctx.get(), out.data(), &len, in.data(), static_cast<int>(in.size())) != 1)
    return false;
  if (!encrypt &&
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, static_cast<int>(tag.size()), tag.data()) != 1)
    return false;
  if (EVP_CipherFinal_ex(ctx.get(), out.data() + len, &tail) != 1) return false;
  if (encrypt) {
    tag.assign(kTagBytes, 0);
    return EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, static_cast<int>(kTagBytes), tag.data()) == 1;
  }
  return true;
}

Status check_update(const CouponKeyUpdate& u) {
  if (u.key_id < 2 || u.key_id > 255)
    return invalid("key_id: expected 2..255 (1 is the store's provisioned key file)");
  if (!u.retire && u.secret.size() < 32) return invalid("secret: expected at least 32 bytes");
  return ok();
}

}  // namespace

Result<std::string> seal_coupon_key(std::span<const unsigned char> store_key, std::string_view store_id,
                                    const CouponKeyUpdate& update) {
  if (auto checked = check_update(update); !checked) return checked.error();
  json j = {{"key_id", update.key_id}};
  if (update.retire) {
    j["retire"] = true;
    return j.dump();
  }
  if (update.not_after) j["not_after"] = *update.not_after;
  const auto key = sealing_key(store_key, store_id);
  Bytes nonce(kNonceBytes), sealed, tag;
  if (!key || RAND_bytes(nonce.data(), static_cast<int>(nonce.size())) != 1 ||
      !gcm(true, *key, nonce, associated_data(store_id, update), update.secret, sealed, tag))
    return Error(ErrorKind::internal, "coupon key: sealing failed (OpenSSL)", "sync");
  sealed.insert(sealed.end(), tag.begin(), tag.end());
  j["sealed"] = {{"alg", kAlg}, {"nonce", hex(nonce)}, {"ciphertext", hex(sealed)}};
  return j.dump();
}

Result<CouponKeyUpdate> open_coupon_key(std::span<const unsigned char> store_key, std::string_view store_id,
                                        std::string_view key_json) {
  const json j = json::parse(key_json, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return invalid("not a JSON object");
  CouponKeyUpdate u;
  if (!j.contains("key_id") || !j["key_id"].is_number_integer()) return invalid("key_id: expected 2..255");
  u.key_id = j["key_id"].get<int>();
  if (j.contains("key_hex") || j.contains("secret"))
    return invalid("a key sent in clear is refused: keys travel sealed (\"sealed\")");
  u.retire = j.value("retire", false);
  if (j.contains("not_after")) {
    if (!j["not_after"].is_number_integer()) return invalid("not_after: expected unix seconds");
    u.not_after = j["not_after"].get<std::int64_t>();
  }
  if (u.retire) {
    if (auto checked = check_update(u); !checked) return checked.error();
    return u;
  }
  const json& s = j.contains("sealed") ? j["sealed"] : json();
  if (!s.is_object() || s.value("alg", "") != kAlg || !s.contains("nonce") || !s["nonce"].is_string() ||
      !s.contains("ciphertext") || !s["ciphertext"].is_string())
    return invalid("sealed: expected {\"alg\": \"A256GCM-HKDF-SHA256\", \"nonce\", \"ciphertext\"}");
  auto nonce = unhex(s["nonce"].get<std::string>());
  auto sealed = unhex(s["ciphertext"].get<std::string>());
  if (!nonce || nonce->size() != kNonceBytes || !sealed || sealed->size() < kTagBytes + 32)
    return invalid("sealed: nonce or ciphertext malformed");
  Bytes tag(sealed->end() - kTagBytes, sealed->end());
  sealed->resize(sealed->size() - kTagBytes);
  const auto key = sealing_key(store_key, store_id);
  if (!key || !gcm(false, *key, *nonce, associated_data(store_id, u), *sealed, u.secret, tag))
    return invalid("sealed: does not open under this store's key (another store's, or altered)");
  if (auto checked = check_update(u); !checked) return checked.error();
  return u;
}

}  // namespace smartstore::sync
