#pragma once
// What stores sent, as the batch reads it: the CSV `smartstore-hq
// store-events` writes (docs/models.md gives its columns), grouped by member
// key, and the erased members' list `smartstore-hq erasures` writes. The
// batch reads files only, never HQ's database. The rules that fold these
// into a profile are here too, so each can be checked on its own.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "smartstore/common/civil_date.h"
#include "smartstore/common/result.h"
#include "smartstore/models/behaviour_type.h"
#include "smartstore/models/profile.h"

namespace smartstore::models {

// An item a staff note names: sold, shown or considered.
struct NotedItem {
  DayNumber day = 0;  // the store's day of the note
  std::string product_code, category;
  std::int64_t quantity = 1;
};

struct MemberEvents {
  std::vector<NotedItem> sold, shown, considered;
  double deliberation_total_min = 0;  // over the notes that timed it
  std::int64_t deliberation_notes = 0;
  std::string survey_favourite, preferred_channel;  // the latest answer
  std::int64_t coupons_issued = 0, coupons_redeemed = 0;
  std::string last_coupon;  // title of the latest issue (its offer id when untitled)
  std::optional<DayNumber> last_coupon_day;
};

struct StoreEvents {
  std::unordered_map<std::string, MemberEvents> members;  // by member key
  std::uint64_t rows = 0;
  std::uint64_t redemptions_unmatched = 0;  // redemptions of coupons the file has no issue of
};

// Errors name file:line and the column (invalid_input), or the file (not_found).
[[nodiscard]] Result<StoreEvents> read_store_events(const std::filesystem::path& file);

// A member list (the erased members, those who withdrew consent): one member
// key (64 lower-case hex) per line; blank lines and `#` comments (whole line
// or after the key) ignored.
[[nodiscard]] Result<std::unordered_set<std::string>> read_member_list(const std::filesystem::path& file);

// Interest: a considered item counts as this share of a purchase, a shown
// item as this share, in the interest index (report 000's formula over
// purchases + these weighted items). The preference index counts purchases only.
inline constexpr double kConsideredWeight = 0.5;
inline constexpr double kShownWeight = 0.25;

// Behaviour from both signals. Report 000 calls a customer meticulous for the
// time spent deliberating; the online code measures that per group, staff
// measure it per member. A member staff saw deliberate at least
// `meticulous_min` on average is meticulous whatever the group's code; one
// staff saw decide in under `quick_min` is not meticulous (easygoing, the
// report's low-time code) even when the group's online code says so;
// otherwise the online (or category) type stands.
struct DeliberationRule {
  double meticulous_min = 10.0;
  double quick_min = 3.0;
};
[[nodiscard]] BehaviourType combined_behaviour(BehaviourType online, std::optional<double> observed_mean_min,
                                               const DeliberationRule& rule = {});

// Redemption rate, last coupon and days since it (from `as_of`, never below 0).
struct CouponFeatures {
  std::int64_t issued = 0, redeemed = 0;
  double redemption_rate = 0;  // redeemed / issued, 0 with none issued
  std::string last_coupon, last_coupon_date;
  std::int64_t days_since = -1;  // -1: no coupon
};
[[nodiscard]] CouponFeatures coupon_features(const MemberEvents& events, DayNumber as_of);

}  // namespace smartstore::models
