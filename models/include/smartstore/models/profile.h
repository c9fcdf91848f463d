#pragma once
// A customer's profile as HQ computes it and a kiosk caches it: the one
// definition shared by the batch (writer), the sync agent (relay) and the edge
// cache (reader). docs/snapshot-format.md describes the JSON form.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace smartstore::models {

struct CategoryPreference {
  std::string category;    // clac_hlv_nm, e.g. "여성의류"
  double index = 0;        // preference index 5..100 (report 000)
  std::int64_t count = 0;  // purchases in the category (Laplace +1 not included)
};

struct CustomerProfile {
  std::string member_key;                       // HMAC hex (member_key.h); never a raw number
  std::string gender;                           // "F", "M" or "" (ma_fem_dv)
  std::string age_band;                         // "20s", "30s", ... or "" (ages)
  std::string home_zone;                        // zon_hlv
  std::string tier;                             // star | butterfly | chicken_rib | excluded
  std::string grade;                            // VIP | G3 | G2 | G1
  std::string segment;                          // VIP | Gold | Silver | Bronze | At Risk
  std::string behaviour_type;                   // meticulous | mania | easygoing
  std::vector<CategoryPreference> preferences;  // best first
  double clv_3m_krw = 0;
  double p_alive = 0;
  std::int64_t total_spend_krw = 0;  // over the tier window
  std::int64_t purchase_days = 0;    // distinct purchase dates
  std::string last_purchase_date;    // YYYY-MM-DD or ""
  std::string next_purchase_date;    // YYYY-MM-DD or ""
  std::int64_t expected_spend_krw = 0;
  // Companions of what the member bought recently (report 001): pd_c, best
  // lift first; companion_if[i] is the rule's antecedent (pd_c joined by
  // '+') and companion_lift[i] its lift. Older snapshots carry only the
  // products: the other two are then empty.
  std::vector<std::string> companion_products;
  std::vector<std::string> companion_if;
  std::vector<double> companion_lift;
  std::vector<std::string> recommended_categories;  // not yet bought, best first
  bool consent_marketing = true;
  // The k-means cluster (report 002), −1 when none; predicted for members the
  // clustering cannot place (no purchases yet), from what they told at sign-up.
  std::int64_t cluster = -1;
  bool cluster_predicted = false;
  // With cluster_predicted: the most bought category of that cluster, what a
  // first-visit offer targets when the member gave no survey answer.
  std::string cluster_category;
  // The favourite category the member named in the sign-up survey, "" none.
  std::string survey_favourite;
  // What stores sent (store_events.h); each empty or -1 for a member they
  // said nothing about. The channel the member prefers (survey: offline,
  // online or app); the interest index (report 000's formula over purchases
  // plus considered and shown items, count = those items) for members staff
  // showed things to; the mean deliberation staff timed, in minutes.
  std::string preferred_channel;
  std::vector<CategoryPreference> interest;
  double deliberation_min = -1;
  // Coupons the kiosks issued the member and saw redeemed; the latest
  // coupon's title and date, and the days from it to the batch's as-of day.
  std::int64_t coupons_issued = 0, coupons_redeemed = 0;
  double coupon_redemption_rate = 0;
  std::string last_coupon, last_coupon_date;
  std::int64_t days_since_coupon = -1;
};

// What a kiosk needs to recompute a preference index locally after a staff-
// recorded purchase (report 000): the category list and P(age|c), P(gender|c).
struct PreferenceModel {
  std::vector<std::string> categories;
  std::map<std::string, std::map<std::string, double>> p_age_given_category;     // [c][age]
  std::map<std::string, std::map<std::string, double>> p_gender_given_category;  // [c][gender]
};

// Preference indices from per-category counts (report 000): prior (count + 1)
// share × P(age|c) × P(gender|c), ln, shift so the minimum is 5, scale so the
// maximum is 100. Returned best first. Unseen age/gender use likelihood 1.
[[nodiscard]] std::vector<CategoryPreference> preference_indices(
    const PreferenceModel& model, const std::map<std::string, std::int64_t>& counts,
    const std::string& age_band, const std::string& gender);

}  // namespace smartstore::models
