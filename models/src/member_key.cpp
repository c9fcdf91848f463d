#include "smartstore/models/member_key.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <stdexcept>

namespace smartstore::models {

std::string member_key(std::span<const unsigned char> deployment_key, std::string_view normalized_number) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_len = 0;
  if (HMAC(EVP_sha256(), deployment_key.data(), static_cast<int>(deployment_key.size()),
           reinterpret_cast<const unsigned char*>(normalized_number.data()), normalized_number.size(), mac,
           &mac_len) == nullptr) {
    throw std::runtime_error("HMAC-SHA256 failed");  // only on OpenSSL misconfiguration
  }
  static constexpr char hex[] = "0123456789abcdef";
  std::string out(2 * mac_len, '0');
  for (unsigned i = 0; i < mac_len; ++i) {
    out[2 * i] = hex[mac[i] >> 4];
    out[2 * i + 1] = hex[mac[i] & 0xF];
  }
  return out;
}

std::string normalize_member_number(std::string_view printed) {
  std::string digits;
  digits.reserve(printed.size());
  for (char c : printed)
    if (c >= '0' && c <= '9') digits.push_back(c);
  return digits;
}

}  // namespace smartstore::models
