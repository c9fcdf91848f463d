// The erased members' list, the packed member keys the events are indexed
// by, and the folding rules that do not need the batch's tables (the
// store-events CSV is read in store_events_read.cpp).
#include "smartstore/models/store_events.h"

#include <bit>
#include <fstream>
#include <string_view>

#include "../csv/table_reader.h"
#include "smartstore/models/member_key.h"

namespace smartstore::models {
PackedMemberKey pack_member_key(std::string_view key) {
  PackedMemberKey packed;
  for (std::size_t i = 0; i < key.size() && i < 64; ++i) {
    const char c = key[i];
    const auto nibble = static_cast<std::uint64_t>(c <= '9' ? c - '0' : c - 'a' + 10);
    packed.words[i / 16] = packed.words[i / 16] << 4 | nibble;
  }
  return packed;
}

std::size_t PackedMemberKeyHash::operator()(const PackedMemberKey& k) const noexcept {
  // HMAC output is uniform already; mixing all four words keeps a file of
  // keys that share a prefix from piling onto one bucket.
  std::uint64_t h =
      k.words[0] ^ std::rotl(k.words[1], 16) ^ std::rotl(k.words[2], 32) ^ std::rotl(k.words[3], 48);
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  return static_cast<std::size_t>(h);
}

std::optional<std::uint32_t> StoreEvents::member_of(std::string_view key) const {
  if (!is_member_key(key)) return std::nullopt;
  const auto it = index.find(pack_member_key(key));
  return it == index.end() ? std::nullopt : std::optional(it->second);
}

const MemberEvents* StoreEvents::find(std::string_view key) const {
  const auto m = member_of(key);
  return m ? &members[*m] : nullptr;
}

Result<std::unordered_set<std::string>> read_member_list(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) return fail(ErrorKind::not_found, file.string() + ": cannot read the members' list", "models");
  std::unordered_set<std::string> keys;
  std::size_t line_no = 0;
  for (std::string line; std::getline(in, line);) {
    ++line_no;
    std::string_view key = csv::trim(std::string_view(line).substr(0, line.find('#')));
    if (key.empty()) continue;
    if (!is_member_key(key))
      return fail(ErrorKind::invalid_input,
                  file.string() + ":" + std::to_string(line_no) +
                      ": expected a member key (64 lower-case hex characters), found '" +
                      std::string(key.substr(0, 70)) + "'",
                  "models");
    keys.emplace(key);
  }
  return keys;
}

BehaviourType combined_behaviour(BehaviourType online, std::optional<double> observed_mean_min,
                                 const DeliberationRule& rule) {
  if (!observed_mean_min) return online;
  if (*observed_mean_min >= rule.meticulous_min) return BehaviourType::meticulous;
  if (*observed_mean_min < rule.quick_min && online == BehaviourType::meticulous)
    return BehaviourType::easygoing;
  return online;
}

CouponFeatures coupon_features(const StoreEvents& events, const MemberEvents& member, DayNumber as_of) {
  CouponFeatures c;
  c.issued = member.coupons_issued;
  c.redeemed = member.coupons_redeemed;
  if (c.issued > 0) c.redemption_rate = static_cast<double>(c.redeemed) / static_cast<double>(c.issued);
  if (member.last_coupon_day) {
    c.last_coupon = events.text(member.last_coupon);
    c.last_coupon_date = format_date(*member.last_coupon_day);
    c.days_since = std::max<std::int64_t>(0, as_of - *member.last_coupon_day);
  }
  return c;
}

}  // namespace smartstore::models
