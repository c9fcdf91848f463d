// ctest-labels: integration
// A store offline for a while: across midnight and past the nightly hour (the
// agent's clock is injected, so the day boundary is deterministic), and with a
// backlog of 50,000 events. It catches up oldest first, in bounded pages, and
// HQ ends with every event once and the missed day closed without gaps.
#include <atomic>
#include <ctime>
#include <fstream>

#include "support/outbox_relay.h"
#include "sync/sync_fixture.h"

using namespace smartstore;
using namespace smartstore::testing;
using namespace std::chrono_literals;

namespace {

// Epoch seconds of a local date and hour (the agent's nightly hour is local).
std::int64_t local_time(int year, int month, int day, int hour) {
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_isdst = -1;
  return static_cast<std::int64_t>(std::mktime(&tm));
}

// What the agent asks of the outbox: every page it reads, to check the drain
// is paged (never the whole backlog) and in order.
class RecordingOutbox final : public OutboxRelay {
 public:
  explicit RecordingOutbox(SqliteKioskStore& inner) : OutboxRelay(inner) {}
  std::vector<sync::OutboxEvent> next_unsent(std::size_t max) override {
    auto page = inner_.next_unsent(max);
    std::lock_guard lock(mu_);
    largest_request_ = std::max(largest_request_, max);
    largest_page_ = std::max(largest_page_, page.size());
    for (std::size_t i = 1; i < page.size(); ++i)
      if (page[i].seq <= page[i - 1].seq) out_of_order_ = true;
    return page;
  }
  std::size_t largest_page() {
    std::lock_guard lock(mu_);
    return largest_page_;
  }
  std::size_t largest_request() {
    std::lock_guard lock(mu_);
    return largest_request_;
  }
  bool out_of_order() {
    std::lock_guard lock(mu_);
    return out_of_order_;
  }

 private:
  std::mutex mu_;
  std::size_t largest_page_ = 0, largest_request_ = 0;
  bool out_of_order_ = false;
};

// Resident set size of this process in bytes.
std::size_t rss_bytes() {
  std::ifstream in("/proc/self/statm");
  std::size_t pages = 0, resident = 0;
  in >> pages >> resident;
  return resident * static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
}

void check_day(const std::filesystem::path& hq_db, const std::string& day, std::uint64_t total) {
  auto r = sync::build_report(hq_db, day);
  REQUIRE(r);
  REQUIRE(r->stores.size() == 1);
  const auto& s = r->stores[0];
  CHECK(s.events_total == total);
  CHECK(s.gaps == 0);
  CHECK(s.day_closed);
}

}  // namespace

TEST_CASE(
    "offline across midnight and the nightly hour: caught up on reconnect, the missed day closed, nothing "
    "lost or doubled") {
  std::atomic<std::int64_t> now{local_time(2026, 11, 21, 20)};
  SyncRig rig;
  auto& tmp = rig.tmp;
  auto& broker = rig.broker;
  auto& kiosk = rig.kiosk;
  const std::string d1 = "2026-11-21", d2 = "2026-11-22", d3 = "2026-11-23";
  auto opts = rig.options();
  opts.nightly_hour = 2;
  opts.day_close_days = 1;
  opts.clock = [&now] {
    return std::chrono::system_clock::from_time_t(static_cast<std::time_t>(now.load()));
  };
  auto& agent = rig.start_agent(opts);

  // Day 1, online: the evening's events reach HQ.
  kiosk.enqueue_many("d1-online", 2'000, "coupon_issued", d1);
  agent.wake();
  REQUIRE(wait_until([&] { return kiosk.count("SELECT COUNT(*) FROM outbox WHERE state=2") == 2'000; }, 20s));

  // The uplink goes down in the evening and stays down past midnight and the
  // nightly hour: the store keeps journaling.
  broker.stop();
  REQUIRE(wait_until([&] { return !agent.stats().connected; }, 5s));
  // Counted once the broker is gone: a day-close sent just before (the
  // start-up reconciliation) may still have reached HQ.
  const auto closes_before = hq_count(tmp / "hq.db", "SELECT COUNT(*) FROM day_closes");
  kiosk.enqueue_many("d1-offline", 1'500, "staff_note", d1);
  now = local_time(2026, 11, 22, 1);
  kiosk.enqueue_many("d2-night", 300, "coupon_issued", d2);
  now = local_time(2026, 11, 22, 3);  // past nightly_hour while offline
  kiosk.enqueue_many("d2-morning", 700, "coupon_redeemed", d2);
  std::this_thread::sleep_for(600ms);
  CHECK(hq_count(tmp / "hq.db", "SELECT COUNT(*) FROM day_closes") ==
        closes_before);  // nothing could be sent
  CHECK(hq_count(tmp / "hq.db", "SELECT COUNT(*) FROM day_closes WHERE type='staff_note'") == 0);
  CHECK(agent.stats().offline_seconds > 0.3);

  broker.start();
  // Caught up: the backlog drained, then day 1 closed (the nightly ran late, at reconnect).
  REQUIRE(wait_until([&] { return kiosk.count("SELECT COUNT(*) FROM outbox WHERE state=2") == 4'500; }, 30s));
  REQUIRE(wait_until(
      [&] { return hq_count(tmp / "hq.db", "SELECT COUNT(*) FROM day_closes WHERE day='" + d1 + "'") == 2; },
      10s));
  CHECK(agent.stats().reconnects >= 1);
  CHECK(agent.stats().connection_losses >= 1);
  CHECK(hq_count(tmp / "hq.db", "SELECT COUNT(*) FROM events") == 4'500);
  check_day(tmp / "hq.db", d1, 3'500);
  CHECK(hq_count(tmp / "hq.db", "SELECT COUNT(*) FROM day_closes WHERE day='" + d2 + "'") ==
        0);  // still open

  // The next night closes day 2 once (a second look at the clock the same night sends nothing).
  now = local_time(2026, 11, 23, 2);
  REQUIRE(wait_until(
      [&] { return hq_count(tmp / "hq.db", "SELECT COUNT(*) FROM day_closes WHERE day='" + d2 + "'") == 2; },
      10s));
  check_day(tmp / "hq.db", d2, 1'000);
  auto by_type = sync::build_report(tmp / "hq.db", d2);
  REQUIRE(by_type);
  CHECK(by_type->stores[0].events_by_type.at("coupon_issued") == 300);
  CHECK(by_type->stores[0].events_by_type.at("coupon_redeemed") == 700);
  CHECK(hq_count(tmp / "hq.db", "SELECT COUNT(*) FROM day_closes WHERE day='" + d3 + "'") == 0);
  CHECK(hq_count(tmp / "hq.db", "SELECT COUNT(*) FROM events") == 4'500);
}

TEST_CASE("a backlog of 50,000 events drains oldest first in bounded pages, memory bounded") {
  SyncRig rig;
  auto& kiosk = rig.kiosk;
  constexpr std::int64_t n = 50'000;
  kiosk.enqueue_many("backlog", n, "coupon_issued", "2026-11-20");
  RecordingOutbox outbox(kiosk);
  auto opts = rig.options();
  opts.batch_size = 250;
  auto rss_before = rss_bytes();
  // Its own agent, declared after the outbox it reads through.
  sync::StoreAgent agent(opts, outbox, kiosk);
  agent.start();
  REQUIRE(wait_until([&] { return kiosk.count("SELECT COUNT(*) FROM outbox WHERE state=2") == n; }, 60s));
  auto rss_growth = static_cast<double>(rss_bytes()) - static_cast<double>(rss_before);
  MESSAGE("RSS growth while draining " << n << " events: " << rss_growth / 1e6 << " MB");
  CHECK(outbox.largest_request() == 250);
  CHECK(outbox.largest_page() == 250);
  CHECK_FALSE(outbox.out_of_order());
  // Agent, Paho clients and in-process HQ together: well under what holding
  // the backlog several times over would take.
  CHECK(rss_growth < 96e6);
  CHECK(rig.hq("SELECT COUNT(*) FROM events") == n);
  // HQ received them in the store's order (rowid = insertion order at HQ).
  CHECK(
      rig.hq("SELECT COUNT(*) FROM (SELECT event_id, LAG(event_id) OVER (ORDER BY rowid) AS prev FROM events)"
             " WHERE prev IS NOT NULL AND event_id < prev") == 0);
  agent.stop();
}
