// ctest-labels: integration
#include "sync/sync_fixture.h"

using namespace smartstore;
using namespace smartstore::testing;
using namespace std::chrono_literals;

TEST_CASE("round trip: 100,000-profile snapshot down and applied, events up and counted exactly") {
  TempDir snapshots;
  const std::string day = "2026-11-20";
  auto manifest = write_fast_snapshot(snapshots / "S001", "S001", 1, 100'000);
  REQUIRE(manifest.chunks.size() == 20);

  SyncRig rig(SyncRig::Hq::ingest, snapshots.path());
  auto& tmp = rig.tmp;
  auto& kiosk = rig.kiosk;
  kiosk.enqueue_many("S001-ci", 3000, "coupon_issued", day);
  kiosk.enqueue_many("S001-cr", 1200, "coupon_redeemed", day);
  kiosk.enqueue_many("S001-sn", 800, "staff_note", day);

  auto& agent = rig.start_agent();
  // The store's persistent session must exist before HQ's first publish (in the
  // field it always does; here the agent has just been created).
  REQUIRE(wait_until([&] { return agent.stats().connected; }, 10s));

  auto t0 = std::chrono::steady_clock::now();
  auto published = sync::publish_snapshot(rig.publisher(), "S001", snapshots / "S001");
  REQUIRE_MESSAGE(published.has_value(), published.error().message());
  CHECK(*published == 21);  // manifest + 20 chunks

  REQUIRE(wait_until([&] { return kiosk.snapshot_version() == 1; }, 30s));
  MESSAGE("snapshot of 100,000 profiles applied in "
          << std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() << " s");
  CHECK(kiosk.count("SELECT COUNT(*) FROM profiles") == 100'000);
  // A scan would find any of them by member key.
  CHECK(kiosk.count("SELECT COUNT(*) FROM profiles WHERE member_key='" + member_key_of(73'421) + "'") == 1);
  CHECK(wait_until(
      [&] {
        return hq_count(tmp / "hq.db",
                        "SELECT MAX(version) FROM snapshot_acks WHERE applied=1 AND store_id='S001'") == 1;
      },
      5s));
  CHECK_FALSE(std::filesystem::exists(tmp / "staging" / "v1"));

  REQUIRE(wait_until([&] { return kiosk.count("SELECT COUNT(*) FROM outbox WHERE state=2") == 5000; }, 20s));
  agent.close_day(day);
  REQUIRE(wait_until(
      [&] { return hq_count(tmp / "hq.db", "SELECT COUNT(*) FROM day_closes WHERE day='" + day + "'") == 3; },
      5s));

  auto r = sync::build_report(tmp / "hq.db", day);
  REQUIRE(r);
  REQUIRE(r->stores.size() == 1);
  const auto& s = r->stores[0];
  CHECK(s.store_id == "S001");
  CHECK(s.events_total == 5000);
  CHECK(s.events_by_type.at("coupon_issued") == 3000);
  CHECK(s.events_by_type.at("coupon_redeemed") == 1200);
  CHECK(s.events_by_type.at("staff_note") == 800);
  CHECK(s.duplicates_dropped == 0);
  CHECK(s.day_closed);
  CHECK(s.gaps == 0);
  CHECK(s.snapshot_version_acknowledged == 1);
  CHECK(sync::report_table(*r).find("coupon_issued=3000") != std::string::npos);

  auto stats = agent.stats();
  CHECK(stats.events_sent == 5000);
  CHECK(stats.events_acknowledged == 5000);
  CHECK(stats.downlink_rejected == 0);
  std::string metrics = agent.metrics_text();
  CHECK(metrics.find("smartstore_sync_outbox_depth{store=\"S001\"} 0\n") != std::string::npos);
  CHECK(metrics.find("smartstore_sync_events_sent_total{store=\"S001\"} 5000\n") != std::string::npos);
  CHECK(metrics.find("smartstore_sync_snapshot_version{store=\"S001\"} 1\n") != std::string::npos);
  CHECK(metrics.find("smartstore_sync_snapshot_lag_versions{store=\"S001\"} 0\n") != std::string::npos);
  CHECK(metrics.find("# TYPE smartstore_sync_events_acknowledged_total counter") != std::string::npos);

  // Campaigns and catalog through the HQ tool's library path.
  auto c = sync::publish_document(rig.publisher(), "S001", "campaigns",
                                  R"({"campaigns":[{"id":"WINTER","discount_pct":10}]})");
  REQUIRE(c.has_value());
  CHECK(wait_until([&] { return kiosk.meta("campaigns").find("WINTER") != std::string::npos; }, 5s));
}
