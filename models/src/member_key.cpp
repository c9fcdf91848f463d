#include "smartstore/models/member_key.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <openssl/core_names.h>
#include <openssl/params.h>

#include <fstream>
#include <stdexcept>

namespace smartstore::models {
namespace {

std::string to_hex(const unsigned char* mac, std::size_t len) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string out(2 * len, '0');
  for (std::size_t i = 0; i < len; ++i) {
    out[2 * i] = hex[mac[i] >> 4];
    out[2 * i + 1] = hex[mac[i] & 0xF];
  }
  return out;
}

}  // namespace

std::string member_key(std::span<const unsigned char> deployment_key, std::string_view normalized_number) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_len = 0;
  if (HMAC(EVP_sha256(), deployment_key.data(), static_cast<int>(deployment_key.size()),
           reinterpret_cast<const unsigned char*>(normalized_number.data()), normalized_number.size(), mac,
           &mac_len) == nullptr) {
    throw std::runtime_error("HMAC-SHA256 failed");  // only on OpenSSL misconfiguration
  }
  return to_hex(mac, mac_len);
}

void MemberKeyer::FreeCtx::operator()(evp_mac_ctx_st* ctx) const {
  EVP_MAC_CTX_free(ctx);
}

MemberKeyer::MemberKeyer(std::span<const unsigned char> deployment_key) {
  EVP_MAC* mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  if (mac == nullptr) throw std::runtime_error("HMAC is not available in OpenSSL");
  ctx_.reset(EVP_MAC_CTX_new(mac));
  EVP_MAC_free(mac);  // the context holds its own reference
  char digest[] = "SHA256";
  const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                               OSSL_PARAM_construct_end()};
  // An empty key is legal HMAC (the one-shot accepts it); OpenSSL wants a
  // non-null pointer for it.
  static const unsigned char no_key = 0;
  if (!ctx_ || EVP_MAC_init(ctx_.get(), deployment_key.empty() ? &no_key : deployment_key.data(),
                            deployment_key.size(), params) != 1)
    throw std::runtime_error("HMAC-SHA256 key setup failed");
}

MemberKeyer::MemberKeyer(const MemberKeyer& other) : ctx_(EVP_MAC_CTX_dup(other.ctx_.get())) {
  if (!ctx_) throw std::runtime_error("HMAC context copy failed");
}

MemberKeyer::~MemberKeyer() = default;

std::string MemberKeyer::key(std::string_view normalized_number) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  std::size_t mac_len = 0;
  if (!ctx_) throw std::logic_error("MemberKeyer used after a move");
  // A null key re-initialises with the key already set (the kept pads).
  if (EVP_MAC_init(ctx_.get(), nullptr, 0, nullptr) != 1 ||
      EVP_MAC_update(ctx_.get(), reinterpret_cast<const unsigned char*>(normalized_number.data()),
                     normalized_number.size()) != 1 ||
      EVP_MAC_final(ctx_.get(), mac, &mac_len, sizeof mac) != 1)
    throw std::runtime_error("HMAC-SHA256 failed");
  return to_hex(mac, mac_len);
}

std::string normalize_member_number(std::string_view printed) {
  std::string digits;
  digits.reserve(printed.size());
  for (char c : printed)
    if (c >= '0' && c <= '9') digits.push_back(c);
  return digits;
}

Status read_members(const std::string& path, std::unordered_map<std::string, std::string>& card_of) {
  std::ifstream in(path);
  if (!in) return fail(ErrorKind::not_found, path + ": cannot open", "models");
  std::string line;
  std::size_t n = 0;
  while (std::getline(in, line)) {
    if (++n == 1) {
      if (line.rfind("card_no,cust", 0) != 0)
        return fail(ErrorKind::invalid_input, path + ":1: expected header card_no,cust", "models");
      continue;
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    const auto comma = line.find(',');
    if (comma == std::string::npos)
      return fail(ErrorKind::invalid_input, path + ":" + std::to_string(n) + ": expected card_no,cust",
                  "models");
    card_of[line.substr(comma + 1)] = normalize_member_number(line.substr(0, comma));
  }
  return ok();
}

}  // namespace smartstore::models
