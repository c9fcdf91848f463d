#pragma once
// KioskService over the SQLite store, the coupon policy and coupon codes.
#include <array>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "smartstore/common/holdout.h"
#include "smartstore/edge/kiosk_config.h"
#include "smartstore/edge/kiosk_service.h"
#include "smartstore/edge/policy/coupon_policy.h"
#include "smartstore/edge/store/kiosk_store.h"
#include "smartstore/models/member_key.h"

namespace smartstore::edge::kiosk {

struct KioskOptions {
  std::string store_id;
  std::vector<unsigned char> deployment_key;  // member keys
  int coupon_key_id = 1;                      // key that signs new coupons (rotation adds newer ids)
  std::optional<std::array<unsigned char, 32>> hq_public_key;  // M-coupons; none: rejected
  PolicySection policy;
  scanner::MemberCardRules member_card;
  unsigned redeem_failures_per_minute = 5;  // per device, then "throttled"
};

class Kiosk final : public KioskService {
 public:
  Kiosk(store::KioskStore& store, KioskOptions options);

  ScanOutcome on_scan(const std::string& decoded_text, Clock::time_point now) override;
  std::optional<CustomerView> customer(const std::string& member, Clock::time_point now) override;
  Result<RecordedNote> record_note(const std::string& member, const StaffNote& note,
                                   const std::string& staff_id, const std::string& idempotency_key,
                                   Clock::time_point now) override;
  Result<std::string> forget_member(const std::string& member, const std::string& staff_id,
                                    Clock::time_point now) override;
  Result<std::string> withdraw_consent(const std::string& member, const std::string& staff_id,
                                       Clock::time_point now) override;
  RedeemResult redeem(const std::string& code, const std::string& device_id, Clock::time_point now) override;
  std::optional<CouponRecord> coupon(const std::string& code, Clock::time_point now) override;
  std::optional<CatalogItem> product(const std::string& scanned_code) override;
  void on_scan_outcome(std::function<void(const ScanOutcome&)> listener) override;
  std::string metrics_text() override;

  // SIGHUP: policy and card rules change live; keys and store do not.
  void reload(const KioskConfig& config);

 private:
  [[nodiscard]] std::optional<std::string> member_key_of(const std::string& member);
  Result<std::string> for_member_keys(
      const std::string& member,
      const std::function<Result<std::string>(store::KioskStore&, const std::vector<std::string>&)>& act);
  [[nodiscard]] std::string key_of_number(std::string_view number);
  ScanOutcome scan_member(const std::string& member_key, Clock::time_point now);
  [[nodiscard]] Result<policy::Decision> hold_out(store::KioskStore& s, const policy::PolicyInput& in,
                                                  policy::Decision decided, const std::string& member_key,
                                                  Clock::time_point now);
  [[nodiscard]] bool throttled(const std::string& device_id, Clock::time_point now);
  void note_failure(const std::string& device_id, Clock::time_point now);
  RedeemResult reject(const std::string& device_id, Clock::time_point now, std::string reason_code,
                      std::string message);

  store::KioskStore& store_;
  KioskOptions options_;
  std::uint32_t store_tag_ = 0;  // of options_.store_id, which reload() never changes
  // Campaign hold-outs under the key derived from the deployment key; used
  // inside store sessions only (one caller at a time).
  std::optional<HoldoutAssigner> holdout_;
  std::mutex keyer_mutex_;     // the keyer is one caller at a time; scans may come from several threads
  models::MemberKeyer keyer_;  // keyed once with options_.deployment_key
  std::mutex listeners_mutex_;
  std::vector<std::function<void(const ScanOutcome&)>> listeners_;
  std::mutex throttle_mutex_;
  std::map<std::string, std::vector<Clock::time_point>> failures_;  // device -> recent failure times
  std::map<std::string, std::uint64_t> outcomes_;                   // reason code -> scans
  std::uint64_t redeem_rejected_ = 0;
};

}  // namespace smartstore::edge::kiosk
