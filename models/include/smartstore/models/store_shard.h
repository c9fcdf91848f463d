#pragma once
// Which customers each store's snapshot holds: the ones who bought there
// and/or the ones who live in its zone (configurable). A kiosk only
// caches the profiles of customers likely to walk in.
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "smartstore/common/result.h"

namespace smartstore::models {

struct ShardRule {
  bool bought_there = true;   // br_c of an offline purchase
  bool lives_in_zone = true;  // zon_hlv equals the store's zone
};

struct StoreShards {
  std::vector<std::string> stores;                  // shard ids, e.g. "S001"
  std::vector<std::vector<std::uint32_t>> members;  // per store: customer indices, ascending
};

// visits: (customer << 32 | store index) of offline purchases, any order and
// duplicates allowed. customer_zone / store_zone: zone ids (any dense
// numbering; -1 = unknown, never matches).
[[nodiscard]] StoreShards assign_store_shards(const std::vector<std::string>& stores,
                                              std::span<const std::uint64_t> visits,
                                              std::span<const std::int32_t> customer_zone,
                                              std::span<const std::int32_t> store_zone,
                                              const ShardRule& rule = {});

// A store's zone when no store list says it: the most common home zone of
// its buyers (ties: the smaller zone id); -1 without buyers with a zone.
[[nodiscard]] std::vector<std::int32_t> infer_store_zones(std::size_t store_count,
                                                          std::span<const std::uint64_t> visits,
                                                          std::span<const std::int32_t> customer_zone);

// stores.csv (br_c,zon_hlv) as written by `smartstore-models generate`.
// Errors name the file and line.
struct StoreZoneList {
  std::map<std::string, std::string> zones;  // br_c -> zon_hlv
};
[[nodiscard]] Result<StoreZoneList> read_store_zones(const std::string& path);

}  // namespace smartstore::models
