// ctest-labels: integration
// A fleet of 50 stores on one broker: each a real kiosk store and store agent
// with its own certificate, against mosquitto with TLS and the shipped ACL,
// and HQ ingest as two processes on one shared subscription into a real
// PostgreSQL. Each store sends a (short) store day and closes it; HQ then
// publishes every store its snapshot. The bench runs the same at 1,000 stores
// (bench/fleet_bench.cpp, docs/fleet.md).
#include <doctest/doctest.h>

#include "support/fleet_stores.h"

namespace {
using namespace smartstore::testing;
using namespace smartstore::testing::fleet;
using namespace std::chrono_literals;

constexpr std::size_t kStores = 50;

std::string wrong_list(const FleetView& v) {
  std::string out;
  for (const auto& w : v.wrong) out += w + "; ";
  return out;
}

}  // namespace

TEST_CASE(
    "50 stores send a day, close it and apply a snapshot: every event once at HQ, every close "
    "reconciled, every snapshot acknowledged") {
  skip_without_fleet_tools();
  TempDir tmp;
  ShmDir shm;
  provision_fleet(tmp / "pki", store_ids(kStores));
  // A short day: the test checks the accounting, the bench the rates.
  const StoreDayPlan plan{60, 6, 40, 200};
  const PreparedFleet prepared = prepare_fleet(tmp / "template", kStores, plan, 2);
  REQUIRE(prepared.stores.size() == kStores);
  for (const auto& s : prepared.stores) REQUIRE(s.events >= plan.scans / 2);

  FleetHq hq(tmp / "hq", tmp / "pki", prepared.snapshots, 2);
  FleetStores stores(prepared, shm.path(), tmp / "pki", hq.broker_uri());
  stores.start();
  stores.release();

  FleetView view;
  const bool complete = poll_until(
      [&] {
        view = hq_view(hq.db_url(), prepared);
        return view.stores_complete == kStores || !view.wrong.empty();
      },
      60s);
  INFO("HQ holds " << view.events << " of " << prepared.events << " events");
  CHECK_MESSAGE(view.wrong.empty(), wrong_list(view));
  REQUIRE(complete);
  CHECK(view.events == prepared.events);
  // Redeliveries may happen (a PUBACK lost to a slow broker); they are
  // counted and dropped, never stored: the totals above are exact.

  stores.close_day();
  const bool reconciled = poll_until(
      [&] {
        view = hq_view(hq.db_url(), prepared);
        return view.stores_reconciled == kStores && stores.unacknowledged() == 0;
      },
      60s);
  INFO("reconciled " << view.stores_reconciled
                     << " stores; outbox rows unacknowledged: " << stores.unacknowledged());
  REQUIRE(reconciled);

  REQUIRE(hq.publish_all(prepared.snapshots, 4));
  const bool acknowledged = poll_until(
      [&] {
        view = hq_view(hq.db_url(), prepared);
        return view.stores_acknowledged == kStores && stores.applied(1) == kStores;
      },
      60s);
  INFO("acknowledged at HQ " << view.stores_acknowledged << ", applied at stores " << stores.applied(1));
  CHECK(acknowledged);
  CHECK(stores.downlink_rejected() == 0);
  // Still exactly once after the publish's traffic.
  CHECK(hq_view(hq.db_url(), prepared).events == prepared.events);
  // Both ingest processes took a share of the stores, and between them stored
  // each event once.
  const auto stored = hq.stop_ingest();
  REQUIRE(stored.size() == 2);
  CHECK(stored[0] > 0);
  CHECK(stored[1] > 0);
  CHECK(stored[0] + stored[1] == static_cast<std::int64_t>(prepared.events));
}
