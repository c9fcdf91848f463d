#pragma once
// The nightly day-close compares a store's events of one (day, type) with
// HQ's by count and a digest of their ids. Store, HQ and tests compute the
// digest with this one function, so "match" means the same set on both sides.
#include <string>
#include <vector>

namespace smartstore::sync {

// sha256 hex over the event ids, sorted ascending, '\n'-joined ("" for none
// hashes the empty string).
[[nodiscard]] std::string day_ids_digest(const std::vector<std::string>& sorted_ids);

}  // namespace smartstore::sync
