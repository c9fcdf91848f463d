// ctest-labels: integration
// The delta's bookkeeping on PostgreSQL (a server this test starts): the kept
// digests come back byte for byte (bytea), the acknowledged version decides
// the base, pruning keeps the acknowledged version and the newest after it.
#include <pqxx/pqxx>

#include "../../../sync/src/hq/snapshot_plan.h"
#include "support/skip.h"
#include "sync/hq/postgres_server.h"
#include "sync/sync_fixture.h"

using namespace smartstore;
using namespace smartstore::testing;
using Kind = sync::SnapshotPublication::Kind;

TEST_CASE("full, then a delta on the acknowledged version, then pruned: on PostgreSQL") {
  if (!postgres_available()) skip_test("no PostgreSQL 15 binaries");
  const TempDir tmp;
  PostgresServer pg(tmp / "pg");
  auto db = sync::detail::open_postgres_store(pg.url(), false);
  auto profiles = make_profiles(400);
  auto night = [&](std::int64_t v) {
    profiles[static_cast<std::size_t>(v)].total_spend_krw += 1;
    const auto dir = tmp / ("v" + std::to_string(v));
    (void)models::write_snapshot(dir, "S001", v, profiles, {}, 100);
    auto lines = sync::detail::read_snapshot_lines(dir);
    REQUIRE(lines.has_value());
    return std::move(*lines);
  };
  auto v1 = night(1);
  auto first = sync::detail::plan_snapshot(*db, "S001", v1, false);
  REQUIRE(first.has_value());
  CHECK(first->publication.kind == Kind::full);
  auto kept = db->published_digests("S001", 1);
  REQUIRE(kept.has_value());
  CHECK(*kept == sync::detail::pack_digests(sync::detail::digests_of(v1)));
  db->record_snapshot_ack("S001", 1, true, "");
  CHECK(db->acknowledged_version("S001") == 1);
  auto second = sync::detail::plan_snapshot(*db, "S001", night(2), false);
  REQUIRE(second.has_value());
  CHECK(second->publication.kind == Kind::delta);
  CHECK(second->publication.base_version == 1);
  CHECK(second->publication.upserts == 1);
  db->record_snapshot_ack("S001", 2, true, "");
  for (std::int64_t v = 3; v <= 11; ++v) REQUIRE(sync::detail::plan_snapshot(*db, "S001", night(v), false));
  CHECK_FALSE(db->published_digests("S001", 1).has_value());
  CHECK(db->published_digests("S001", 2).has_value());
  CHECK_FALSE(db->published_digests("S001", 4).has_value());
  CHECK(db->published_digests("S001", 5).has_value());
  CHECK(db->published_digests("S001", 11).has_value());
}
