#pragma once
// A fleet's stores before they go online: per store one kiosk database
// holding a store day made through the real kiosk (member scans that issue
// coupons, the day's redemptions at the till, staff notes), and the snapshot
// HQ will publish to it. Made once into a template directory; each fleet run
// copies it, so runs with 1, 2 or 4 ingest processes send the same events.
// Header-only: used by tests/scenarios/fleet_50_test.cpp and bench/fleet_bench.cpp.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "smartstore/common/parallel.h"
#include "smartstore/edge/kiosk/kiosk.h"
#include "smartstore/edge/store/kiosk_store.h"
#include "smartstore/models/member_key.h"
#include "smartstore/models/snapshot_format.h"
#include "support/member_numbers.h"
#include "support/member_profiles.h"

namespace smartstore::testing::fleet {

// One store's day. The defaults are a busy store's day (the kiosk year
// bench's 300 scans and 20 notes); a coupon is redeemed the same day for a
// share of the scans that issued one.
struct StoreDayPlan {
  unsigned scans = 300;
  unsigned notes = 20;
  unsigned redeem_percent = 40;  // of the day's coupons
  unsigned members = 2000;       // cached profiles, and the snapshot HQ publishes
};

// S0001, S0002, ...: the store ids (and certificate CNs) of a fleet.
inline std::string store_id(std::size_t index) {
  char id[24];
  std::snprintf(id, sizeof id, "S%04zu", index + 1);
  return id;
}

// The first n of them.
inline std::vector<std::string> store_ids(std::size_t n) {
  std::vector<std::string> ids;
  for (std::size_t i = 0; i < n; ++i) ids.push_back(store_id(i));
  return ids;
}

struct PreparedStore {
  std::string id;
  std::uint64_t events = 0;  // outbox rows the day left, all unsent
};

struct PreparedFleet {
  std::filesystem::path kiosks;  // <kiosks>/<store>/kiosk.db
  std::filesystem::path
      snapshots;    // <snapshots>/<store>/: version 1, for `smartstore-hq publish --all-stores`
  std::string day;  // the stores' business day of the events
  std::vector<PreparedStore> stores;
  std::uint64_t events = 0;
};

// A kiosk's store options as the fleet opens it (the daemon's outbox bound).
inline edge::store::StoreOptions kiosk_options(const std::string& store) {
  edge::store::StoreOptions o;
  o.store_id = store;
  return o;
}

inline const std::vector<unsigned char>& fleet_deployment_key() {
  static const std::vector<unsigned char> key(32, 7);
  return key;
}

// The day's events through edge's real roles: Kiosk::on_scan decides and
// journals coupons, Kiosk::redeem records redemptions, NoteBook records notes.
inline void run_store_day(edge::kiosk::Kiosk& kiosk, edge::store::KioskStore& store,
                          const std::vector<std::string>& numbers, const std::vector<std::string>& keys,
                          const StoreDayPlan& plan, edge::Clock::time_point opens, std::uint64_t seed) {
  using namespace std::chrono_literals;
  std::mt19937_64 rng(seed);
  const auto step = std::chrono::duration_cast<std::chrono::milliseconds>(9h) / std::max(1U, plan.scans);
  std::vector<std::string> codes;
  for (unsigned i = 0; i < plan.scans; ++i) {
    auto out = kiosk.on_scan(numbers[rng() % numbers.size()], opens + step * i);
    if (out.error) throw std::runtime_error("fleet: scan refused: " + out.error->message());
    if (out.coupon && rng() % 100 < plan.redeem_percent) codes.push_back(out.coupon->code);
  }
  for (std::size_t i = 0; i < codes.size(); ++i)
    if (!kiosk.redeem(codes[i], "till-1", opens + 9h + 1s * i).accepted)
      throw std::runtime_error("fleet: a coupon of the day was not redeemed");
  edge::StaffNote note;
  note.remarks = "asked for the autumn catalogue; prefers weekday mornings";
  note.items = {{"8801234567890", "식품", 2, 12'900, true}};
  for (unsigned j = 0; j < plan.notes; ++j) {
    auto noted = store.notes().record_note(keys[rng() % keys.size()], note, "staff-1",
                                           "n" + std::to_string(j), opens + 9h + 30min + 1s * j);
    if (!noted) throw std::runtime_error("fleet: note refused: " + noted.error().message());
  }
}

// One store: its kiosk database with the day, and its snapshot.
inline PreparedStore prepare_store(const PreparedFleet& fleet, std::size_t index, const StoreDayPlan& plan,
                                   edge::Clock::time_point opens) {
  using namespace std::chrono_literals;
  PreparedStore out{store_id(index), 0};
  std::vector<std::string> numbers, keys;
  std::vector<models::CustomerProfile> profiles;
  for (unsigned i = 0; i < plan.members; ++i) {
    numbers.push_back(with_luhn_digit(std::to_string(200000000000000ULL + index * 1000000ULL + i)));
    keys.push_back(models::member_key(fleet_deployment_key(), numbers.back()));
    profiles.push_back(returning_member(keys.back(), i));
  }
  const auto dir = fleet.kiosks / out.id;
  std::filesystem::create_directories(dir);
  {
    edge::store::KioskStore store(dir / "kiosk.db", kiosk_options(out.id));
    if (auto loaded = store.profiles().load(profiles); !loaded)
      throw std::runtime_error("fleet: profiles not cached: " + loaded.error().message());
    if (auto keyed = store.keys().add(1, std::vector<unsigned char>(32, 9), opens - 24h); !keyed)
      throw std::runtime_error("fleet: coupon key not stored: " + keyed.error().message());
    edge::kiosk::KioskOptions ko;
    ko.store_id = out.id;
    ko.deployment_key = fleet_deployment_key();
    edge::kiosk::Kiosk kiosk(store, ko);
    run_store_day(kiosk, store, numbers, keys, plan, opens, index + 1);
    out.events = store.outbox().depth();
  }
  (void)models::write_snapshot(fleet.snapshots / out.id, out.id, 1, profiles, models::PreferenceModel{});
  return out;
}

// n stores' days, made on `workers` threads. The day is yesterday (stores
// close it the morning after); its opening hour is 10:00 in Seoul.
inline PreparedFleet prepare_fleet(const std::filesystem::path& dir, std::size_t n, const StoreDayPlan& plan,
                                   unsigned workers) {
  using namespace std::chrono_literals;
  PreparedFleet fleet;
  fleet.kiosks = dir / "kiosks";
  fleet.snapshots = dir / "snapshots";
  std::filesystem::create_directories(fleet.kiosks);
  std::filesystem::create_directories(fleet.snapshots);
  const auto opens = std::chrono::floor<std::chrono::days>(edge::Clock::now()) - 24h + 1h;
  fleet.stores.resize(n);
  parallel_for(workers, n, [&](unsigned, std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) fleet.stores[i] = prepare_store(fleet, i, plan, opens);
  });
  for (const auto& s : fleet.stores) fleet.events += s.events;
  {
    edge::store::KioskStore first(fleet.kiosks / fleet.stores.front().id / "kiosk.db",
                                  kiosk_options(fleet.stores.front().id));
    auto one = first.outbox().next_unsent(1);
    if (one.empty()) throw std::runtime_error("fleet: a store day without events");
    fleet.day = one.front().day;
  }
  return fleet;
}

}  // namespace smartstore::testing::fleet
