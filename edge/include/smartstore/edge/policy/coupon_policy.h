#pragma once
// The coupon policy: which offer (if any) a scanned customer gets now, and the
// rule that chose it. Pure and deterministic: everything it looks at is in
// PolicyInput, so each rule is testable on its own and the whole on the
// reports' cases. Rules run in a fixed order; the first eligible offer that
// the customer does not already hold wins.
#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "smartstore/edge/kiosk_config.h"
#include "smartstore/edge/policy/offer.h"
#include "smartstore/models/profile.h"

namespace smartstore::edge::policy {

struct CustomerHistory {
  unsigned issued_today = 0;              // coupons issued on the business day
  std::vector<std::string> valid_offers;  // offer ids of coupons still valid and unused
  bool ever_issued = false;               // any coupon before: not a first visit
};

// Welcome and first-visit coupons this kiosk issued, whoever got them.
struct WelcomeCount {
  unsigned last_hour = 0;  // in the sliding hour before now
  unsigned today = 0;      // on the business day
};

struct PolicyInput {
  const models::CustomerProfile* profile = nullptr;  // nullptr: unknown member
  // Withdrawn chain-wide (HQ's list): no coupon at all, welcome offers included.
  bool consent_withdrawn = false;
  CustomerHistory history;
  std::string today;  // YYYY-MM-DD, store-local business day
  std::chrono::system_clock::time_point now;
  const std::vector<Campaign>* campaigns = nullptr;
  const std::map<std::string, std::int64_t>* campaign_used = nullptr;  // campaign id -> coupons issued
  // Asked only when a welcome offer is chosen: most scans are of returning
  // customers and need no count of the kiosk's welcomes.
  std::function<WelcomeCount()> welcome_issued;
};

struct Decision {
  std::optional<Offer> offer;  // nullopt: no coupon (reason says why)
  std::string reason_code;     // "tier.star", "cap.daily", ...
  std::string reason;          // for staff and HQ
  std::string category;        // targeted category, "" when any
  std::string campaign_id;     // set when a campaign chose it
  std::chrono::hours validity{0};
};

// A candidate rule: returns a decision with an offer when it applies.
struct Rule {
  std::string name;
  std::optional<Decision> (*apply)(const PolicyInput&, const PolicySection&);
};

[[nodiscard]] const std::vector<Rule>& policy_rules();

// The first offer a rule gives that the customer does not hold; a welcome or
// first-visit offer past the kiosk's hourly or daily limit is refused instead
// (welcome.limit.hour, welcome.limit.day): no coupon.
[[nodiscard]] Decision decide(const PolicyInput& input, const PolicySection& config);

// Offers a first visit earns (the unknown member's default welcome, a member's
// first-visit category offer, the excluded tier's welcome gift): what made-up
// card numbers would collect, so the kiosk limits them.
[[nodiscard]] bool is_welcome_offer(std::string_view offer_id);
[[nodiscard]] const std::vector<std::string>& welcome_offer_ids();

// The behaviour-type and tier strategy text of report 000, for the staff view.
[[nodiscard]] std::string strategy_text(const models::CustomerProfile& profile);

// Whole days from a to b (YYYY-MM-DD); nullopt when either does not parse.
[[nodiscard]] std::optional<int> days_between(const std::string& a, const std::string& b);

}  // namespace smartstore::edge::policy
