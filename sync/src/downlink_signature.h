#pragma once
// Internal: Ed25519 signatures on downlink envelopes. HQ signs every envelope
// it sends a store; the agent verifies it against the HQ public keys it was
// given before anything is applied (docs/security.md). A set of keys, not one,
// so HQ can roll its key over: kiosks first accept old and new, then HQ signs
// with the new one, then the old one is dropped from the kiosks.
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "smartstore/common/result.h"
#include "smartstore/sync/envelope.h"

struct evp_pkey_st;

namespace smartstore::sync::detail {

// The bytes signed: a domain tag, the envelope's fields and the body in
// nlohmann's compact form (keys sorted, no spaces), so both sides derive them
// from the parsed envelope and re-encoding on the way cannot break them.
[[nodiscard]] std::string signed_text(const Envelope& meta, const nlohmann::json& body);

class DownlinkSigner {
 public:
  // A PEM Ed25519 private key (provision.sh's hq-ed25519.key). Errors name the file.
  [[nodiscard]] static Result<std::shared_ptr<const DownlinkSigner>> load(const std::filesystem::path& pem);
  // {"alg":"ed25519","key_id":...,"sig":base64}: the envelope's "signature" field.
  [[nodiscard]] nlohmann::json sign(const Envelope& meta, const nlohmann::json& body) const;
  [[nodiscard]] const std::string& key_id() const { return key_id_; }

 private:
  std::shared_ptr<evp_pkey_st> key_;
  std::string key_id_;
};

class DownlinkVerifier {
 public:
  // A PEM Ed25519 public key (provision.sh's hq-ed25519.pub). Errors name the file.
  [[nodiscard]] Status add_key_file(const std::filesystem::path& pem);
  [[nodiscard]] bool empty() const { return keys_.empty(); }
  // ok, or invalid_input naming what is missing or wrong; `signature` is the
  // envelope's field, null when it had none.
  [[nodiscard]] Status verify(const Envelope& meta, const nlohmann::json& body,
                              const nlohmann::json& signature) const;

 private:
  struct Key {
    std::string id;
    std::shared_ptr<evp_pkey_st> key;
  };
  std::vector<Key> keys_;
};

}  // namespace smartstore::sync::detail
