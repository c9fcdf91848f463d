#include "smartstore/common/holdout.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/params.h>

#include <array>
#include <stdexcept>
#include <string>

namespace smartstore {

std::string_view holdout_group_name(HoldoutGroup group) {
  return group == HoldoutGroup::control ? "control" : "treated";
}

void HoldoutAssigner::FreeCtx::operator()(evp_mac_ctx_st* ctx) const {
  EVP_MAC_CTX_free(ctx);
}

Result<HoldoutAssigner> HoldoutAssigner::create(std::span<const unsigned char> holdout_key) {
  if (holdout_key.size() < kHoldoutKeyMinBytes)
    return fail(ErrorKind::invalid_input,
                "hold-out key has " + std::to_string(holdout_key.size()) + " bytes; at least " +
                    std::to_string(kHoldoutKeyMinBytes) + " are needed",
                "common");
  EVP_MAC* mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  if (mac == nullptr) return fail(ErrorKind::internal, "HMAC is not available in OpenSSL", "common");
  HoldoutAssigner assigner;
  assigner.ctx_.reset(EVP_MAC_CTX_new(mac));
  EVP_MAC_free(mac);  // the context holds its own reference
  char digest[] = "SHA256";
  const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                               OSSL_PARAM_construct_end()};
  if (!assigner.ctx_ ||
      EVP_MAC_init(assigner.ctx_.get(), holdout_key.data(), holdout_key.size(), params) != 1)
    return fail(ErrorKind::internal, "HMAC-SHA256 key setup failed", "common");
  return assigner;
}

HoldoutAssigner::HoldoutAssigner(const HoldoutAssigner& other) : ctx_(EVP_MAC_CTX_dup(other.ctx_.get())) {
  if (!ctx_) throw std::runtime_error("HMAC context copy failed");
}

HoldoutAssigner::~HoldoutAssigner() = default;

std::uint32_t HoldoutAssigner::bucket(std::string_view member_key, std::string_view campaign_id) {
  if (!ctx_) throw std::logic_error("HoldoutAssigner used after a move");
  // The campaign's length goes first so ("ab", "c") and ("a", "bc") differ.
  const auto n = static_cast<std::uint32_t>(campaign_id.size());
  const std::array<unsigned char, 4> length{
      static_cast<unsigned char>(n >> 24), static_cast<unsigned char>(n >> 16),
      static_cast<unsigned char>(n >> 8), static_cast<unsigned char>(n)};
  unsigned char mac[EVP_MAX_MD_SIZE];
  std::size_t mac_len = 0;
  // A null key re-initialises with the key already set (the kept pads).
  if (EVP_MAC_init(ctx_.get(), nullptr, 0, nullptr) != 1 ||
      EVP_MAC_update(ctx_.get(), length.data(), length.size()) != 1 ||
      EVP_MAC_update(ctx_.get(), reinterpret_cast<const unsigned char*>(campaign_id.data()),
                     campaign_id.size()) != 1 ||
      EVP_MAC_update(ctx_.get(), reinterpret_cast<const unsigned char*>(member_key.data()),
                     member_key.size()) != 1 ||
      EVP_MAC_final(ctx_.get(), mac, &mac_len, sizeof mac) != 1)
    throw std::runtime_error("HMAC-SHA256 failed");  // only on OpenSSL misconfiguration
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | mac[i];
  // 2^64 mod 10^4 is 1616: the modulo's bias is below 10^-15 per bucket.
  return static_cast<std::uint32_t>(v % kBasisPointsWhole);
}

Result<HoldoutGroup> HoldoutAssigner::group(std::string_view member_key, std::string_view campaign_id,
                                            std::uint32_t control_bp) {
  if (control_bp > kBasisPointsWhole)
    return fail(ErrorKind::invalid_input,
                "control share " + std::to_string(control_bp) + " basis points is over 10000 (100 %)",
                "common");
  return bucket(member_key, campaign_id) < control_bp ? HoldoutGroup::control : HoldoutGroup::treated;
}

std::vector<unsigned char> derive_holdout_key(std::span<const unsigned char> deployment_key) {
  static constexpr std::string_view label = "smartstore hold-out key v1";
  static const unsigned char no_key = 0;  // OpenSSL wants a non-null pointer for an empty key
  std::vector<unsigned char> key(EVP_MAX_MD_SIZE);
  unsigned int len = 0;
  if (HMAC(EVP_sha256(), deployment_key.empty() ? &no_key : deployment_key.data(),
           static_cast<int>(deployment_key.size()), reinterpret_cast<const unsigned char*>(label.data()),
           label.size(), key.data(), &len) == nullptr)
    throw std::runtime_error("HMAC-SHA256 failed");  // only on OpenSSL misconfiguration
  key.resize(len);
  return key;
}

Result<HoldoutGroup> holdout_group(std::span<const unsigned char> holdout_key, std::string_view member_key,
                                   std::string_view campaign_id, std::uint32_t control_bp) {
  auto assigner = HoldoutAssigner::create(holdout_key);
  if (!assigner) return assigner.error();
  return assigner->group(member_key, campaign_id, control_bp);
}

}  // namespace smartstore
