#pragma once
// Which members a campaign holds out as its control group. Kiosks and HQ call
// the same function with the same chain-wide hold-out key, so a member lands
// in the same group at every kiosk of every store and HQ can recompute the
// split without being told it. The group depends only on (key, member key,
// campaign id): nothing the coupon policy looks at (tier, segment, history,
// store, time) can leak into it, which is what makes the comparison of the
// two groups an unbiased estimate of the offer's effect.
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "smartstore/common/result.h"

struct evp_mac_ctx_st;  // OpenSSL's EVP_MAC_CTX, kept out of this header

namespace smartstore {

// Shares are in basis points: 1000 = 10 %.
inline constexpr std::uint32_t kBasisPointsWhole = 10000;
// The hold-out key must be at least this long (a random 32-byte key is the norm).
inline constexpr std::size_t kHoldoutKeyMinBytes = 16;

enum class HoldoutGroup : std::uint8_t { treated, control };

// "treated" or "control".
[[nodiscard]] std::string_view holdout_group_name(HoldoutGroup group);

// HMAC-SHA256 under the hold-out key, keyed once: each assignment costs two
// SHA-256 blocks. One assigner per thread; copies share nothing.
class HoldoutAssigner {
 public:
  // invalid_input when the key is shorter than kHoldoutKeyMinBytes.
  [[nodiscard]] static Result<HoldoutAssigner> create(std::span<const unsigned char> holdout_key);
  HoldoutAssigner(const HoldoutAssigner& other);
  HoldoutAssigner& operator=(const HoldoutAssigner&) = delete;
  HoldoutAssigner(HoldoutAssigner&&) noexcept = default;
  HoldoutAssigner& operator=(HoldoutAssigner&&) noexcept = default;
  ~HoldoutAssigner();

  // The member's place in [0, 10000) for the campaign: the first 64 bits of
  // HMAC(key, len(campaign) || campaign || member_key) modulo 10000.
  [[nodiscard]] std::uint32_t bucket(std::string_view member_key, std::string_view campaign_id);
  // control when bucket < control_bp. invalid_input when control_bp > 10000.
  [[nodiscard]] Result<HoldoutGroup> group(std::string_view member_key, std::string_view campaign_id,
                                           std::uint32_t control_bp);

 private:
  struct FreeCtx {
    void operator()(evp_mac_ctx_st* ctx) const;
  };
  HoldoutAssigner() = default;
  std::unique_ptr<evp_mac_ctx_st, FreeCtx> ctx_;
};

// The chain's hold-out key, derived from its deployment key (the member-key
// secret every kiosk and HQ already hold): HMAC-SHA256(deployment key,
// "smartstore hold-out key v1"). Deriving it needs no new provisioning and
// keeps it apart from member keys (another message under the same secret).
[[nodiscard]] std::vector<unsigned char> derive_holdout_key(std::span<const unsigned char> deployment_key);

// One assignment without keeping an assigner: equal to
// HoldoutAssigner::create(holdout_key)->group(member_key, campaign_id, control_bp).
[[nodiscard]] Result<HoldoutGroup> holdout_group(std::span<const unsigned char> holdout_key,
                                                 std::string_view member_key, std::string_view campaign_id,
                                                 std::uint32_t control_bp);

}  // namespace smartstore
