// ctest-labels: unit
// Full or delta, decided from HQ's store: a delta against the version the
// store acknowledged when HQ still keeps that version's digests and the delta
// is smaller; the full snapshot when nothing was acknowledged, when asked for,
// when the delta would not be smaller, or when the base was pruned. A store
// that missed a delta (acknowledged less than HQ sent) gets a delta from what
// it holds, never from what HQ sent last.
#include <doctest/doctest.h>

#include <map>
#include <nlohmann/json.hpp>

#include "../../../sync/src/hq/snapshot_plan.h"
#include "sync/sync_fixture.h"

using namespace smartstore;
using namespace smartstore::testing;
using Kind = sync::SnapshotPublication::Kind;

namespace {

struct Hq {
  TempDir tmp;
  std::unique_ptr<sync::detail::HqStore> db =
      sync::detail::open_sqlite_store((tmp / "hq.db").string(), false);
  std::vector<models::CustomerProfile> profiles = make_profiles(500);

  // Version v of the store's snapshot: `changed` profiles' spend moved since v1.
  sync::detail::SnapshotLines night(std::int64_t v, std::size_t changed, std::size_t erased = 0) {
    auto p = profiles;
    for (std::size_t i = 0; i < changed; ++i) p[i].total_spend_krw += v;
    p.erase(p.end() - static_cast<std::ptrdiff_t>(erased), p.end());
    const auto dir = tmp / ("v" + std::to_string(v));
    (void)models::write_snapshot(dir, "S001", v, p, {}, 100);
    auto lines = sync::detail::read_snapshot_lines(dir);
    REQUIRE(lines.has_value());
    return std::move(*lines);
  }
  sync::detail::SnapshotPlan plan(const sync::detail::SnapshotLines& s, bool full = false) {
    auto p = sync::detail::plan_snapshot(*db, "S001", s, full);
    REQUIRE(p.has_value());
    return std::move(*p);
  }
  void ack(std::int64_t v, bool applied = true) { db->record_snapshot_ack("S001", v, applied, ""); }
};

std::map<std::string, std::string> keyed(const sync::detail::SnapshotLines& s) {
  std::map<std::string, std::string> out;
  for (const auto& l : s.lines) out[sync::detail::key_hex(l.digest.key)] = std::string(l.text);
  return out;
}

std::map<std::string, std::string> applied_to(std::map<std::string, std::string> lines,
                                              const sync::detail::SnapshotDelta& d) {
  for (const auto& k : d.removed) lines.erase(k);
  for (auto line : d.upserts) {
    auto p = models::decode_profile(line);
    REQUIRE(p.has_value());
    lines[p->member_key] = std::string(line);
  }
  return lines;
}

}  // namespace

TEST_CASE("nothing acknowledged: full; acknowledged and kept: a delta on that version") {
  Hq hq;
  auto v1 = hq.night(1, 0);
  auto first = hq.plan(v1);
  CHECK(first.publication.kind == Kind::full);
  CHECK(first.publication.bytes == v1.bytes);
  CHECK(hq.db->published_digests("S001", 1).has_value());
  hq.ack(1);
  auto v2 = hq.night(2, 10, 1);  // 2 % changed, one member erased
  auto second = hq.plan(v2);
  REQUIRE(second.publication.kind == Kind::delta);
  REQUIRE(second.delta.has_value());
  CHECK(second.publication.base_version == 1);
  CHECK(second.publication.upserts == 10);
  CHECK(second.publication.removed == 1);
  CHECK(second.publication.bytes < v2.bytes / 10);
  CHECK(applied_to(keyed(v1), *second.delta) == keyed(v2));
}

TEST_CASE("--full, a delta not smaller, or a version already held: no delta") {
  Hq hq;
  hq.plan(hq.night(1, 0));
  hq.ack(1);
  auto v2 = hq.night(2, 10);
  CHECK(hq.plan(v2, true).publication.kind == Kind::full);
  auto v3 = hq.night(3, 500);  // every profile changed: the delta is the snapshot and more
  auto everything = hq.plan(v3);
  CHECK(everything.publication.kind == Kind::full);
  CHECK(everything.publication.why.find("not smaller") != std::string::npos);
  hq.ack(3);
  auto again = hq.plan(v3);
  CHECK(again.publication.kind == Kind::current);
  CHECK(again.publication.bytes == 0);
}

TEST_CASE("a refused delta is not an acknowledgement") {
  Hq hq;
  hq.plan(hq.night(1, 0));
  hq.ack(1);
  hq.plan(hq.night(2, 5));
  hq.ack(2, false);
  auto v3 = hq.night(3, 8);
  auto p = hq.plan(v3);
  REQUIRE(p.publication.kind == Kind::delta);
  CHECK(p.publication.base_version == 1);
}

TEST_CASE(
    "a store that missed a delta gets one from what it acknowledged, which ends where the full one does") {
  Hq hq;
  auto v1 = hq.night(1, 0);
  hq.plan(v1);
  hq.ack(1);
  auto v2 = hq.night(2, 5);
  REQUIRE(hq.plan(v2).publication.kind == Kind::delta);  // sent, never acknowledged (the store was away)
  auto v3 = hq.night(3, 9, 2);
  auto p = hq.plan(v3);
  REQUIRE(p.delta.has_value());
  CHECK(p.delta->base_version == 1);  // not 2: the store never held v2
  CHECK(applied_to(keyed(v1), *p.delta) == keyed(v3));
  // Once it acknowledges v2 (the delta arrived late), the next step starts there.
  hq.ack(2);
  auto q = hq.plan(v3);
  REQUIRE(q.delta.has_value());
  CHECK(q.delta->base_version == 2);
  CHECK(applied_to(keyed(v2), *q.delta) == keyed(v3));
}

TEST_CASE("kept digests are pruned to the acknowledged version and the newest sent after it") {
  Hq hq;
  hq.plan(hq.night(1, 0));
  hq.ack(1);
  hq.plan(hq.night(2, 3));
  hq.ack(2);
  for (std::int64_t v = 3; v <= 12; ++v) hq.plan(hq.night(v, 3));
  CHECK_FALSE(hq.db->published_digests("S001", 1).has_value());  // older than acknowledged
  CHECK(hq.db->published_digests("S001", 2).has_value());        // acknowledged
  CHECK_FALSE(hq.db->published_digests("S001", 5).has_value());  // beyond the newest 7 after it
  for (std::int64_t v = 6; v <= 12; ++v) CHECK(hq.db->published_digests("S001", v).has_value());
  // A store that acknowledges a pruned version gets the full snapshot next.
  hq.ack(5);
  auto p = hq.plan(hq.night(13, 3));
  CHECK(p.publication.kind == Kind::full);
  CHECK(p.publication.why.find("no longer kept") != std::string::npos);
}
