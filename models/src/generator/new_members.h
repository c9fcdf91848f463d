#pragma once
// Members who signed up and have not bought anything yet: what the batch's
// segment classifier and the sign-up survey are for. Appended after the
// purchasing customers, so the purchase draws are the same with or without them.
#include <cstdint>
#include <filesystem>
#include <span>

#include "smartstore/common/result.h"

namespace smartstore::models::gen {

// Appends `count` members (indices first_index..) to customers.csv and
// members.csv in out_dir and writes survey.csv (cust,favourite_category,
// reason,preferred_channel) for about 70% of them.
[[nodiscard]] Status append_new_members(const std::filesystem::path& out_dir, std::int64_t first_index,
                                        std::int64_t count, std::uint64_t seed,
                                        std::span<const int> zone_stores, int store_count);

}  // namespace smartstore::models::gen
