#pragma once
// The stores of a fleet run, online: per store its kiosk database (copied
// from the prepared template, on tmpfs when the caller puts it there), edge's
// real KioskStore over it and the sync library's StoreAgent with the store's
// own certificate and HQ's public key, all in this process (one worker thread
// and two Paho clients per store).
// Header-only: used by tests/scenarios/fleet_50_test.cpp and bench/fleet_bench.cpp.
#include <stdlib.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "smartstore/edge/store/kiosk_store.h"
#include "smartstore/sync/agent.h"
#include "smartstore/sync/hq.h"
#include "support/fleet_hq.h"
#include "support/fleet_kiosks.h"
#include "support/outbox_relay.h"

namespace smartstore::testing::fleet {

// A directory on /dev/shm (the kiosks' databases on tmpfs, as on a kiosk
// whose data partition is), or under the temp directory without one; removed
// with the object.
class ShmDir {
 public:
  ShmDir() {
    const bool shm = std::filesystem::is_directory("/dev/shm");
    std::string tmpl = ((shm ? std::filesystem::path("/dev/shm") : std::filesystem::temp_directory_path()) /
                        "smartstore-fleet-XXXXXX")
                           .string();
    if (::mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("fleet: mkdtemp failed");
    path_ = tmpl;
  }
  ~ShmDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  ShmDir(const ShmDir&) = delete;
  ShmDir& operator=(const ShmDir&) = delete;
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Polls `done` every `every` until it holds or `timeout` passes.
inline bool poll_until(const std::function<bool()>& done, std::chrono::milliseconds timeout,
                       std::chrono::milliseconds every = std::chrono::milliseconds(250)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(every);
  }
  return done();
}

// HQ's view of the fleet's day, store by store (smartstore-hq report's rows).
struct FleetView {
  std::size_t stores_complete = 0;      // every event of the day held, as the store counted them
  std::size_t stores_reconciled = 0;    // ... and the day closed with no gap
  std::size_t stores_acknowledged = 0;  // snapshot version >= the asked one applied
  std::uint64_t events = 0, duplicates_dropped = 0;
  std::vector<std::string> wrong;  // stores whose count is off, with both counts
};

inline FleetView hq_view(const std::string& db_url, const PreparedFleet& fleet, std::int64_t version = 1) {
  FleetView v;
  auto report = sync::build_report(db_url, fleet.day);
  if (!report) return v;
  std::map<std::string, const sync::StoreDayReport*> by_id;
  for (const auto& r : report->stores) by_id[r.store_id] = &r;
  for (const auto& s : fleet.stores) {
    auto it = by_id.find(s.id);
    if (it == by_id.end()) continue;
    const auto& r = *it->second;
    v.events += r.events_total;
    v.duplicates_dropped += r.duplicates_dropped;
    if (r.events_total == s.events) ++v.stores_complete;
    if (r.events_total > s.events)
      v.wrong.push_back(s.id + ": HQ holds " + std::to_string(r.events_total) + " of " +
                        std::to_string(s.events));
    if (r.events_total == s.events && r.day_closed && r.gaps == 0) ++v.stores_reconciled;
    if (r.snapshot_version_acknowledged >= version) ++v.stores_acknowledged;
  }
  return v;
}

// The kiosk's real outbox behind a gate: until release() the agent finds
// nothing to send, so a thousand stores can come online first and then send
// their day at once, as after the broker or HQ was away for a while. Every
// other call goes straight through.
class GatedOutbox final : public OutboxRelay {
 public:
  GatedOutbox(sync::OutboxPort& inner, const std::atomic<bool>& open) : OutboxRelay(inner), open_(open) {}
  std::vector<sync::OutboxEvent> next_unsent(std::size_t max) override {
    return open_ ? inner_.next_unsent(max) : std::vector<sync::OutboxEvent>{};
  }

 private:
  const std::atomic<bool>& open_;
};

class FleetStores {
 public:
  // Copies every prepared kiosk into run_dir and opens it; agents not started.
  FleetStores(const PreparedFleet& fleet, const std::filesystem::path& run_dir,
              const std::filesystem::path& pki, const std::string& broker_uri)
      : day_(fleet.day) {
    for (const auto& s : fleet.stores) {
      auto dir = run_dir / s.id;
      std::filesystem::create_directories(dir);
      std::filesystem::copy_file(fleet.kiosks / s.id / "kiosk.db", dir / "kiosk.db",
                                 std::filesystem::copy_options::overwrite_existing);
      auto store = std::make_unique<Store>();
      store->kiosk = std::make_unique<edge::store::KioskStore>(dir / "kiosk.db", kiosk_options(s.id));
      store->outbox = std::make_unique<GatedOutbox>(store->kiosk->outbox(), released_);
      store->agent = std::make_unique<sync::StoreAgent>(agent_options(s.id, dir, pki, broker_uri),
                                                        *store->outbox, store->kiosk->downlink());
      stores_.push_back(std::move(store));
    }
  }
  ~FleetStores() { stop(); }
  FleetStores(const FleetStores&) = delete;
  FleetStores& operator=(const FleetStores&) = delete;

  // Starts the agents `wave` at a time, each wave once the one before is
  // connected (or after 20 s): two thousand connects at once overflow the
  // broker's listen backlog, and a dropped SYN is retried only after 1, 3,
  // 7, 15 s, so stores would wait out the connect timeout instead (and the
  // process aborted with a double free in that path at 1,000 stores). Stores come online over minutes
  // in a real chain, too.
  void start(std::size_t wave = 50) {
    for (std::size_t i = 0; i < stores_.size(); ++i) {
      stores_[i]->agent->start();
      if ((i + 1) % wave == 0 || i + 1 == stores_.size()) {
        const auto started = i + 1;
        (void)poll_until([&] { return connected() >= started; }, std::chrono::seconds(20),
                         std::chrono::milliseconds(20));
      }
    }
  }
  // Opens every store's outbox gate and wakes its agent: the day's events go.
  void release() {
    released_ = true;
    for (auto& s : stores_) s->agent->wake();
  }
  void stop() {
    for (auto& s : stores_) s->agent->stop();
  }
  // Every store sends its day-close for the day of its events.
  void close_day() {
    for (auto& s : stores_) s->agent->close_day(day_);
  }
  void close_day(std::size_t store) { stores_.at(store)->agent->close_day(day_); }

  [[nodiscard]] std::size_t size() const { return stores_.size(); }
  // Stores whose both connections are up.
  [[nodiscard]] std::size_t connected() const {
    std::size_t n = 0;
    for (const auto& s : stores_) n += s->agent->stats().connected ? 1 : 0;
    return n;
  }
  // Outbox rows HQ has not yet acknowledged, over every store.
  [[nodiscard]] std::uint64_t unacknowledged() const {
    std::uint64_t n = 0;
    for (const auto& s : stores_) n += s->kiosk->outbox().depth();
    return n;
  }
  // Stores whose kiosk has applied snapshot `version` (or a later one).
  [[nodiscard]] std::size_t applied(std::int64_t version) const {
    std::size_t n = 0;
    for (const auto& s : stores_) n += s->kiosk->downlink().snapshot_version() >= version ? 1 : 0;
    return n;
  }
  // Snapshot traffic over every store: chunk re-requests sent, chunk
  // messages received (copies of one chunk included) and their bytes.
  struct SnapshotTraffic {
    std::uint64_t chunk_requests = 0, chunks_received = 0, chunk_bytes_received = 0;
  };
  [[nodiscard]] SnapshotTraffic snapshot_traffic() const {
    SnapshotTraffic t;
    for (const auto& s : stores_) {
      const auto st = s->agent->stats();
      t.chunk_requests += st.chunk_requests;
      t.chunks_received += st.chunks_received;
      t.chunk_bytes_received += st.chunk_bytes_received;
    }
    return t;
  }
  [[nodiscard]] std::uint64_t downlink_rejected() const {
    std::uint64_t n = 0;
    for (const auto& s : stores_) n += s->agent->stats().downlink_rejected;
    return n;
  }

 private:
  struct Store {
    std::unique_ptr<edge::store::KioskStore> kiosk;
    std::unique_ptr<GatedOutbox> outbox;
    std::unique_ptr<sync::StoreAgent> agent;  // after kiosk and outbox: destroyed first
  };

  static sync::AgentOptions agent_options(const std::string& id, const std::filesystem::path& dir,
                                          const std::filesystem::path& pki, const std::string& uri) {
    sync::AgentOptions o;
    o.broker = fleet_login(uri, pki, id, id + "-K01");
    o.store_id = id;
    o.staging_dir = dir / "staging";
    o.hq_public_key_files = {pki / "hq-ed25519.pub"};
    o.nightly_hour = 24;  // never by itself: the fleet closes the day when it chooses
    // A thousand stores reconnecting after one broker hiccup must come back
    // within seconds, not drift apart to the one-minute default.
    o.reconnect_max = std::chrono::seconds(5);
    return o;
  }

  std::string day_;
  std::atomic<bool> released_{false};  // before stores_: their gates read it
  std::vector<std::unique_ptr<Store>> stores_;
};

}  // namespace smartstore::testing::fleet
