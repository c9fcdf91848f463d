#pragma once
// What stores sent, as the batch reads it: the CSV `smartstore-hq
// store-events` writes (docs/models.md gives its columns), grouped by
// member, and the erased members' list `smartstore-hq erasures` writes. The
// batch reads files only, never HQ's database. The rules that fold these
// into a profile are here too, so each can be checked on its own.
#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
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
enum class NotedKind : std::uint8_t { sold, shown, considered };
struct NotedItem {
  std::int64_t quantity = 1;
  DayNumber day = 0;  // the store's day of the note
  // StoreEvents::codes; 0 where the note left it out (never both).
  std::uint32_t product = 0, category = 0;
  NotedKind kind = NotedKind::sold;
};

// What one member's rows add up to, apart from the noted items.
struct MemberEvents {
  double deliberation_total_min = 0;  // over the notes that timed it
  std::int64_t deliberation_notes = 0;
  std::int64_t coupons_issued = 0, coupons_redeemed = 0;
  std::optional<DayNumber> last_coupon_day;
  // StoreEvents::texts, 0 for none: the latest survey answers; the title of
  // the latest coupon issued (its offer id when untitled).
  std::uint32_t survey_favourite = 0, preferred_channel = 0, last_coupon = 0;
};

// A member key as its 32 bytes, so a million members index without a
// string each.
struct PackedMemberKey {
  std::array<std::uint64_t, 4> words{};
  friend bool operator==(const PackedMemberKey&, const PackedMemberKey&) = default;
};
// Packs a key is_member_key() accepts.
[[nodiscard]] PackedMemberKey pack_member_key(std::string_view key);
struct PackedMemberKeyHash {
  std::size_t operator()(const PackedMemberKey& k) const noexcept;
};

// Columnar: a million members are a few vectors, not a map of structs of
// vectors. Members are numbered in the order the file first names them.
struct StoreEvents {
  std::unordered_map<PackedMemberKey, std::uint32_t, PackedMemberKeyHash> index;  // key -> member
  std::vector<MemberEvents> members;
  std::vector<NotedItem> items;           // grouped by member, in file order within each
  std::vector<std::uint32_t> item_start;  // member m's items: [item_start[m], item_start[m + 1])
  std::vector<std::string> codes{""};     // product codes and category names of items; 0 is none
  std::vector<std::string> texts{""};     // survey answers and coupon titles
  std::uint64_t rows = 0;
  std::uint64_t redemptions_unmatched = 0;  // redemptions of coupons the file has no issue of

  // The member with this key, or null when the file does not name them.
  [[nodiscard]] const MemberEvents* find(std::string_view key) const;
  [[nodiscard]] std::optional<std::uint32_t> member_of(std::string_view key) const;
  [[nodiscard]] std::span<const NotedItem> items_of(std::uint32_t member) const {
    return {items.data() + item_start[member], items.data() + item_start[member + 1]};
  }
  [[nodiscard]] const std::string& text(std::uint32_t id) const { return texts[id]; }
};

// How the file is read: in up to `threads` parts of at least
// `min_part_bytes` each, on parallel threads, merged in file order (the
// result is the same however it is cut).
struct EventsReadOptions {
  unsigned threads = 2;
  std::size_t min_part_bytes = std::size_t{8} << 20;
};

// Errors name file:line and the column (invalid_input), or the file (not_found).
[[nodiscard]] Result<StoreEvents> read_store_events(const std::filesystem::path& file,
                                                    const EventsReadOptions& options = {});

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
[[nodiscard]] CouponFeatures coupon_features(const StoreEvents& events, const MemberEvents& member,
                                             DayNumber as_of);

}  // namespace smartstore::models
