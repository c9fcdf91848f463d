#pragma once
// Member keys: the only form in which a membership number is stored or sent.
// HQ and every kiosk compute the same key, HMAC-SHA256 of the normalized number
// under the deployment key, so profiles can be matched without raw numbers.
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>

#include "smartstore/common/result.h"

struct evp_mac_ctx_st;  // OpenSSL's EVP_MAC_CTX, kept out of this header

namespace smartstore::models {

// A character of a member key as written (lower-case hex only: one spelling
// per member, so keys compare as plain strings).
[[nodiscard]] constexpr bool is_member_key_digit(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

// The one form a member key takes: 64 lower-case hex characters. Every file,
// payload and command line that names a member is checked against it.
[[nodiscard]] constexpr bool is_member_key(std::string_view k) {
  if (k.size() != 64) return false;
  for (char c : k)
    if (!is_member_key_digit(c)) return false;
  return true;
}

// Lower-case hex of HMAC-SHA256(key, normalized_number): 64 characters.
[[nodiscard]] std::string member_key(std::span<const unsigned char> deployment_key,
                                     std::string_view normalized_number);

// The same keys for many numbers: the HMAC is keyed once (the hashed inner
// and outer pads are kept), so each number costs two SHA-256 blocks instead
// of an algorithm fetch and a key schedule per call. One keyer per thread;
// copies share nothing and may go to other threads.
class MemberKeyer {
 public:
  explicit MemberKeyer(std::span<const unsigned char> deployment_key);
  MemberKeyer(const MemberKeyer& other);
  MemberKeyer& operator=(const MemberKeyer&) = delete;
  MemberKeyer(MemberKeyer&&) noexcept = default;
  MemberKeyer& operator=(MemberKeyer&&) noexcept = default;
  ~MemberKeyer();

  // Equal to member_key(deployment_key, normalized_number).
  [[nodiscard]] std::string key(std::string_view normalized_number);

 private:
  struct FreeCtx {
    void operator()(evp_mac_ctx_st* ctx) const;
  };
  std::unique_ptr<evp_mac_ctx_st, FreeCtx> ctx_;
};

// Keeps only the digits of a printed number ("1234-5678 9012 3456" -> "1234567890123456").
[[nodiscard]] std::string normalize_member_number(std::string_view printed);

// members.csv (card_no,cust): fills card_of[cust] with the normalized card
// number a kiosk scans for that cust. not_found when the file cannot be
// opened, invalid_input naming the line when it is not card_no,cust.
[[nodiscard]] Status read_members(const std::string& path,
                                  std::unordered_map<std::string, std::string>& card_of);

}  // namespace smartstore::models
