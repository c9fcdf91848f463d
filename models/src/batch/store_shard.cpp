#include "smartstore/models/store_shard.h"

#include <algorithm>
#include <fstream>

namespace smartstore::models {

StoreShards assign_store_shards(const std::vector<std::string>& stores, std::span<const std::uint64_t> visits,
                                std::span<const std::int32_t> customer_zone,
                                std::span<const std::int32_t> store_zone, const ShardRule& rule) {
  StoreShards shards;
  shards.stores = stores;
  shards.members.resize(stores.size());
  if (rule.bought_there) {
    for (std::uint64_t v : visits) {
      const auto store = static_cast<std::uint32_t>(v & 0xffffffffU);
      if (store < stores.size()) shards.members[store].push_back(static_cast<std::uint32_t>(v >> 32));
    }
  }
  if (rule.lives_in_zone) {
    // zone -> stores in it, so each customer is visited once.
    std::map<std::int32_t, std::vector<std::size_t>> by_zone;
    for (std::size_t s = 0; s < stores.size() && s < store_zone.size(); ++s)
      if (store_zone[s] >= 0) by_zone[store_zone[s]].push_back(s);
    for (std::size_t c = 0; c < customer_zone.size(); ++c) {
      auto it = by_zone.find(customer_zone[c]);
      if (customer_zone[c] < 0 || it == by_zone.end()) continue;
      for (std::size_t s : it->second) shards.members[s].push_back(static_cast<std::uint32_t>(c));
    }
  }
  for (auto& m : shards.members) {
    std::sort(m.begin(), m.end());
    m.erase(std::unique(m.begin(), m.end()), m.end());
  }
  return shards;
}

std::vector<std::int32_t> infer_store_zones(std::size_t store_count, std::span<const std::uint64_t> visits,
                                            std::span<const std::int32_t> customer_zone) {
  std::vector<std::map<std::int32_t, std::int64_t>> tally(store_count);
  for (std::uint64_t v : visits) {
    const auto store = static_cast<std::size_t>(v & 0xffffffffU);
    const auto customer = static_cast<std::size_t>(v >> 32);
    if (store >= store_count || customer >= customer_zone.size() || customer_zone[customer] < 0) continue;
    ++tally[store][customer_zone[customer]];
  }
  std::vector<std::int32_t> zones(store_count, -1);
  for (std::size_t s = 0; s < store_count; ++s) {
    std::int64_t best = 0;
    for (const auto& [zone, n] : tally[s])
      if (n > best) best = n, zones[s] = zone;  // map order: ties keep the smaller id
  }
  return zones;
}

Result<StoreZoneList> read_store_zones(const std::string& path) {
  StoreZoneList list;
  std::ifstream in(path);
  if (!in) return fail(ErrorKind::not_found, path + ": cannot open", "models");
  std::string line;
  std::size_t n = 0;
  int store_col = -1, zone_col = -1;
  auto split = [](const std::string& s) {
    std::vector<std::string> cells(1);
    for (char ch : s) {
      if (ch == ',')
        cells.emplace_back();
      else if (ch != '\r')
        cells.back().push_back(ch);
    }
    return cells;
  };
  while (std::getline(in, line)) {
    ++n;
    auto cells = split(line);
    if (n == 1) {
      for (std::size_t i = 0; i < cells.size(); ++i) {
        if (cells[i] == "br_c") store_col = static_cast<int>(i);
        if (cells[i] == "zon_hlv") zone_col = static_cast<int>(i);
      }
      if (store_col < 0 || zone_col < 0)
        return fail(ErrorKind::invalid_input, path + ":1: expected columns br_c and zon_hlv", "models");
      continue;
    }
    if (line.empty()) continue;
    if (cells.size() <= static_cast<std::size_t>(std::max(store_col, zone_col)))
      return fail(ErrorKind::invalid_input, path + ":" + std::to_string(n) + ": expected br_c,zon_hlv",
                  "models");
    list.zones[cells[static_cast<std::size_t>(store_col)]] = cells[static_cast<std::size_t>(zone_col)];
  }
  return list;
}

}  // namespace smartstore::models
