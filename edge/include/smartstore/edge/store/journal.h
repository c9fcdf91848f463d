#pragma once
// The kiosk's coupon journal: coupons issued and redeemed (each written with
// its outbox row in one transaction), HQ's revocations and campaigns, and the
// per-member history the coupon policy decides on. Each call is one step
// under the store's lock; KioskStore::with_session joins several.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "smartstore/common/result.h"
#include "smartstore/edge/kiosk_service.h"
#include "smartstore/edge/policy/coupon_policy.h"

namespace smartstore::edge::store {

class StoreDatabase;
class ClockFloor;
class Outbox;
struct StoreOptions;

// A coupon issue about to be journaled.
struct IssueRecord {
  IssuedCoupon coupon;
  std::string member_key;
  std::string campaign_id;
  std::uint16_t offer_number = 0;
  std::string day;
};

// A member held out of a campaign's offer (its control group): journalled
// like an issue so HQ can compare the two groups (docs/uplift.md).
struct HeldOutRecord {
  std::string member_key;
  std::string campaign_id;
  std::string offer_id;
  std::uint16_t offer_number = 0;
  std::string reason_code;  // the rule that would have issued it
  std::string day;
};

enum class RedeemWrite { recorded, already_redeemed };

class Journal final {
 public:
  // `on_issued`: the store's checkpointer is nudged after each issue. An issue
  // or redemption raises `floor` in its own transaction.
  Journal(StoreDatabase& db, Outbox& outbox, ClockFloor& floor, const StoreOptions& options,
          std::function<void()> on_issued);
  Journal(const Journal&) = delete;
  Journal& operator=(const Journal&) = delete;

  [[nodiscard]] policy::CustomerHistory history(const std::string& member_key, const std::string& day,
                                                Clock::time_point now);
  // HQ's campaigns as last applied; valid until the next apply (read inside a step).
  [[nodiscard]] const std::vector<policy::Campaign>& campaigns() const { return campaigns_; }
  // Welcome and first-visit coupons this kiosk issued in the hour before `now`
  // and on business day `day` (the welcome limit counts from the journal, so a
  // restart does not reset it).
  [[nodiscard]] policy::WelcomeCount welcome_issued(const std::string& day, Clock::time_point now);
  // Coupons issued per campaign id.
  [[nodiscard]] std::map<std::string, std::int64_t> campaign_usage();
  // Fails with outbox_full or a storage kind; nothing was written then.
  [[nodiscard]] Status record_issue(const IssueRecord& issue, Clock::time_point now);
  // A held_out event through the outbox, under the same rules as an issue:
  // outbox_full or a storage kind, nothing written then.
  [[nodiscard]] Status record_held_out(const HeldOutRecord& held, Clock::time_point now);
  // Never refused for a full outbox (the customer is at the till); fails with
  // a storage kind when the disk refused, nothing recorded.
  [[nodiscard]] Result<RedeemWrite> record_redemption(const std::string& coupon_id, const std::string& kind,
                                                      const std::string& device_id,
                                                      const std::string& member_key, Clock::time_point now);
  [[nodiscard]] std::optional<CouponRecord> find_coupon(const std::string& coupon_id, Clock::time_point now);
  [[nodiscard]] bool is_revoked(const std::string& coupon_id);
  // Newest first.
  [[nodiscard]] std::vector<CouponRecord> recent_coupons(const std::string& member_key, std::size_t n,
                                                         Clock::time_point now);

 private:
  friend class DownlinkApplier;  // replaces the campaigns
  friend class KioskStore;       // counters
  void set_campaigns(std::vector<policy::Campaign> campaigns) { campaigns_ = std::move(campaigns); }

  StoreDatabase& db_;
  Outbox& outbox_;
  ClockFloor& floor_;
  const StoreOptions& options_;
  std::function<void()> on_issued_;
  std::vector<policy::Campaign> campaigns_;
  std::uint64_t issued_ = 0;
  std::uint64_t redeemed_ = 0;
  std::map<std::string, std::uint64_t> issued_by_reason_;
};

}  // namespace smartstore::edge::store
