#include "downlink_signature.h"

#include <openssl/evp.h>
#include <openssl/pem.h>

#include <array>
#include <cstdio>

#include "smartstore/models/snapshot_format.h"

namespace smartstore::sync::detail {
namespace {

constexpr std::string_view kAlgorithm = "ed25519";
constexpr std::size_t kSignatureBytes = 64;

Failure invalid(std::string message) {
  return fail(ErrorKind::invalid_input, std::move(message), "downlink signature");
}
Failure untrusted(std::string message) {
  return fail(ErrorKind::unauthorized, std::move(message), "downlink signature");
}

using PemReader = EVP_PKEY* (*)(FILE*, EVP_PKEY**, pem_password_cb*, void*);

Result<std::shared_ptr<evp_pkey_st>> read_pem(const std::filesystem::path& file, PemReader reader,
                                              const char* what) {
  std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(file.c_str(), "rb"), &std::fclose);
  if (!f)
    return fail(ErrorKind::not_found, file.string() + ": cannot read the " + what, "downlink signature");
  std::shared_ptr<evp_pkey_st> key(reader(f.get(), nullptr, nullptr, nullptr), &EVP_PKEY_free);
  if (!key || EVP_PKEY_id(key.get()) != EVP_PKEY_ED25519)
    return invalid(file.string() + ": not a PEM Ed25519 " + what);
  return key;
}

// Names a public key in signatures: the first 16 hex digits of the sha256 of
// its 32 raw bytes, so the kiosk picks the right key without trying each.
std::string key_id_of(evp_pkey_st* key) {
  std::array<unsigned char, 32> raw{};
  std::size_t len = raw.size();
  if (EVP_PKEY_get_raw_public_key(key, raw.data(), &len) != 1) return {};
  return models::sha256_hex(std::string_view(reinterpret_cast<const char*>(raw.data()), len)).substr(0, 16);
}

}  // namespace

std::string signed_text(const Envelope& meta, const nlohmann::json& body) {
  std::string text = "smartstore-downlink-signature-v1\n";
  for (const std::string* field : {&meta.message_id, &meta.store_id, &meta.created_at, &meta.content_type}) {
    text += *field;
    text += '\n';
  }
  text += std::to_string(meta.major) + "." + std::to_string(meta.minor) + "\n";
  text += body.dump();
  return text;
}

Result<std::shared_ptr<const DownlinkSigner>> DownlinkSigner::load(const std::filesystem::path& pem) {
  auto key = read_pem(pem, &PEM_read_PrivateKey, "private key");
  if (!key) return std::move(key).error();
  auto signer = std::make_shared<DownlinkSigner>();
  signer->key_ = std::move(*key);
  signer->key_id_ = key_id_of(signer->key_.get());
  return std::shared_ptr<const DownlinkSigner>(std::move(signer));
}

nlohmann::json DownlinkSigner::sign(const Envelope& meta, const nlohmann::json& body) const {
  auto text = signed_text(meta, body);
  std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  std::array<unsigned char, kSignatureBytes> sig{};
  std::size_t sig_len = sig.size();
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key_.get()) != 1 ||
      EVP_DigestSign(ctx.get(), sig.data(), &sig_len, reinterpret_cast<const unsigned char*>(text.data()),
                     text.size()) != 1)
    throw std::runtime_error("Ed25519 signing of a downlink envelope failed");
  std::string b64(4 * ((kSignatureBytes + 2) / 3), '\0');
  EVP_EncodeBlock(reinterpret_cast<unsigned char*>(b64.data()), sig.data(), static_cast<int>(sig_len));
  return {{"alg", kAlgorithm}, {"key_id", key_id_}, {"sig", b64}};
}

Status DownlinkVerifier::add_key_file(const std::filesystem::path& pem) {
  auto key = read_pem(pem, &PEM_read_PUBKEY, "public key");
  if (!key) return std::move(key).error();
  keys_.push_back({key_id_of(key->get()), std::move(*key)});
  return ok();
}

Status DownlinkVerifier::verify(const Envelope& meta, const nlohmann::json& body,
                                const nlohmann::json& signature) const {
  if (signature.is_null()) return untrusted("signature: missing (HQ signs every downlink message)");
  if (!signature.is_object() || signature.value("alg", std::string()) != kAlgorithm)
    return untrusted("signature.alg: expected \"ed25519\"");
  auto key_id = signature.value("key_id", std::string());
  auto sig = signature.value("sig", std::string());
  const Key* key = nullptr;
  for (const auto& k : keys_)
    if (k.id == key_id) key = &k;
  if (key == nullptr)
    return untrusted("signature.key_id: '" + key_id.substr(0, 32) + "' is not a trusted HQ key");
  std::array<unsigned char, 4 * ((kSignatureBytes + 2) / 3) / 4 * 3> raw{};
  if (sig.size() != 4 * ((kSignatureBytes + 2) / 3) ||
      EVP_DecodeBlock(raw.data(), reinterpret_cast<const unsigned char*>(sig.data()),
                      static_cast<int>(sig.size())) < static_cast<int>(kSignatureBytes))
    return untrusted("signature.sig: not a base64 Ed25519 signature");
  auto text = signed_text(meta, body);
  std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key->key.get()) != 1 ||
      EVP_DigestVerify(ctx.get(), raw.data(), kSignatureBytes,
                       reinterpret_cast<const unsigned char*>(text.data()), text.size()) != 1)
    return untrusted("signature: does not verify under HQ key " + key->id);
  return ok();
}

}  // namespace smartstore::sync::detail
