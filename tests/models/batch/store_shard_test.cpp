// Which customers each store's snapshot gets (store_shard.h).
#include <doctest/doctest.h>

#include <algorithm>

#include "smartstore/models/store_shard.h"
#include "support/test_paths.h"

using namespace smartstore::models;

namespace {
std::uint64_t visit(std::uint32_t customer, std::uint32_t store) {
  return static_cast<std::uint64_t>(customer) << 32 | store;
}
}  // namespace

TEST_CASE("bought there, lives in its zone, or both") {
  const std::vector<std::string> stores{"S001", "S002"};
  const std::vector<std::uint64_t> visits{visit(0, 0), visit(0, 0), visit(1, 1), visit(3, 0)};
  const std::vector<std::int32_t> customer_zone{5, 7, 7, -1, 9};
  const std::vector<std::int32_t> store_zone{5, 7};

  const auto both = assign_store_shards(stores, visits, customer_zone, store_zone);
  CHECK(both.members[0] == std::vector<std::uint32_t>{0, 3});
  CHECK(both.members[1] == std::vector<std::uint32_t>{1, 2});

  const auto bought = assign_store_shards(stores, visits, customer_zone, store_zone, {true, false});
  CHECK(bought.members[1] == std::vector<std::uint32_t>{1});

  const auto zone = assign_store_shards(stores, visits, customer_zone, store_zone, {false, true});
  CHECK(zone.members[0] == std::vector<std::uint32_t>{0});
  CHECK(zone.members[1] == std::vector<std::uint32_t>{1, 2});
  // Customer 4 lives where no store is and bought nowhere: in no shard.
  for (const auto& m : both.members) CHECK(std::find(m.begin(), m.end(), 4U) == m.end());
}

TEST_CASE("a store's zone is its buyers' commonest home zone") {
  const std::vector<std::uint64_t> visits{visit(0, 0), visit(1, 0), visit(2, 0), visit(2, 1)};
  const std::vector<std::int32_t> customer_zone{3, 3, 1};
  const auto zones = infer_store_zones(3, visits, customer_zone);
  CHECK(zones == std::vector<std::int32_t>{3, 1, -1});
}

TEST_CASE("stores.csv is read by header; a short row names its line") {
  smartstore::testing::TempDir dir;
  smartstore::testing::write_file(dir / "stores.csv", "zon_hlv,br_c\nZ17,S001\nZ10,S002\n");
  const auto ok = read_store_zones((dir / "stores.csv").string());
  REQUIRE(ok);
  CHECK(ok->zones.at("S002") == "Z10");
  smartstore::testing::write_file(dir / "bad.csv", "br_c,zon_hlv\nS001,Z17\nS002\n");
  const auto bad = read_store_zones((dir / "bad.csv").string());
  REQUIRE_FALSE(bad);
  CHECK(bad.error().message().find(":3:") != std::string::npos);
  CHECK_FALSE(read_store_zones((dir / "missing.csv").string()));
}
