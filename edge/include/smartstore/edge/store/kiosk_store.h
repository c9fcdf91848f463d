#pragma once
// The kiosk's SQLite store: one Database, opened and migrated here, and the
// role objects over it —
//   profiles()  ProfileCache    HQ's customer profiles and aliases
//   journal()   Journal         coupons issued, redeemed, revoked; campaigns
//   notes()     NoteBook        staff notes and the local learning from them
//   keys()      KeyRing         coupon signing keys
//   catalog()   Catalog         products
//   outbox()    Outbox          sync::OutboxPort, the events for HQ
//   downlink()  DownlinkApplier sync::DownlinkPort, what HQ sends
//   retention() Retention       what goes once no reader needs it
// Every write that produces an event writes the record and its outbox row in
// one transaction.
//
// Thread-safe. One recursive lock serializes the Database; it is private to
// the store (no accessor returns it, no guard object leaves it): each role
// call takes it for that call, and with_session(step) takes it for the whole
// step, so lookup -> decide -> issue on the HTTP, scanner and sync threads is
// one atomic step (two kiosk threads cannot both pass a daily cap). A caller
// cannot hold it past the step: the guard lives in with_session's frame and
// is released when step returns or throws.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "smartstore/common/sqlite/checkpointer.h"
#include "smartstore/edge/store/catalog.h"
#include "smartstore/edge/store/clock_floor.h"
#include "smartstore/edge/store/downlink_applier.h"
#include "smartstore/edge/store/journal.h"
#include "smartstore/edge/store/key_ring.h"
#include "smartstore/edge/store/note_book.h"
#include "smartstore/edge/store/outbox.h"
#include "smartstore/edge/store/profile_cache.h"
#include "smartstore/edge/store/retention.h"

namespace smartstore::edge::store {

class StoreDatabase;

struct StoreOptions {
  std::string store_id;
  std::size_t outbox_max_rows = 500'000;
  unsigned retention_days = 30;
  // docs/edge-storage.md "Durability". false (shipped): commits are NORMAL
  // (safe against a process crash at once), a background checkpointer makes
  // coupon issues power-safe one device flush later, and redemptions, notes
  // and erasures commit FULL. true: every commit FULL (an fsync on the scan path).
  bool synchronous_full = false;
  std::chrono::milliseconds checkpoint_interval{1000};  // idle checkpoints; commits also nudge
  // Called after each staged chunk of a snapshot, outside the lock (the crash
  // tests kill the process mid-apply here).
  std::function<void(std::size_t chunk)> on_chunk_staged{};
  RetentionOptions retention{};
};

struct StoreCounters {
  std::uint64_t coupons_issued = 0;
  std::uint64_t coupons_redeemed = 0;
  std::uint64_t notes_stored = 0;
  std::uint64_t refused_outbox_full = 0;
  std::map<std::string, std::uint64_t> storage_write_failures;  // full | read_only | io
  std::map<std::string, std::uint64_t> issued_by_reason;
  std::map<std::string, std::uint64_t> retention_pruned;  // by table
  std::uint64_t retention_runs = 0;
  std::uint64_t retention_failed_runs = 0;
  // The store lock's waits (every role call and with_session step takes it):
  // calls whose wait was <= each bound in µs (cumulative), all calls, and the
  // sum of the waits in µs.
  std::map<std::uint64_t, std::uint64_t> lock_waits_at_most_us;
  std::uint64_t lock_waits = 0;
  std::uint64_t lock_wait_sum_us = 0;
};

class KioskStore final {
 public:
  // Opens (creating 0600) and migrates the database.
  KioskStore(const std::filesystem::path& file, StoreOptions options);
  ~KioskStore();
  KioskStore(const KioskStore&) = delete;
  KioskStore& operator=(const KioskStore&) = delete;

  // Runs step(*this) under the store's lock: the role calls inside are one
  // atomic step. Returns what step returns.
  template <class Step>
  decltype(auto) with_session(Step&& step) {
    auto guard = lock();
    return std::forward<Step>(step)(*this);
  }

  [[nodiscard]] ProfileCache& profiles() { return profiles_; }
  [[nodiscard]] Journal& journal() { return journal_; }
  [[nodiscard]] NoteBook& notes() { return notes_; }
  [[nodiscard]] KeyRing& keys() { return keys_; }
  [[nodiscard]] Catalog& catalog() { return catalog_; }
  [[nodiscard]] ClockFloor& clock_floor() { return clock_floor_; }
  // The sync agent's ports.
  [[nodiscard]] Outbox& outbox() { return outbox_; }
  [[nodiscard]] DownlinkApplier& downlink() { return downlink_; }
  [[nodiscard]] Retention& retention() { return retention_; }

  [[nodiscard]] const StoreOptions& options() const { return options_; }
  void set_limits(std::size_t outbox_max_rows, unsigned retention_days);
  [[nodiscard]] StoreCounters counters();
  [[nodiscard]] bool integrity_ok();
  // The background checkpointer's figures (flush lag after a coupon issue).
  [[nodiscard]] sqlite::CheckpointStats checkpoint_stats();

 private:
  [[nodiscard]] std::unique_lock<std::recursive_mutex> lock();

  StoreOptions options_;
  std::unique_ptr<StoreDatabase> db_;
  std::unique_ptr<sqlite::Checkpointer> checkpointer_;  // after db_: stops first
  Outbox outbox_;
  ProfileCache profiles_;
  KeyRing keys_;
  Catalog catalog_;
  ClockFloor clock_floor_;
  Journal journal_;
  NoteBook notes_;
  DownlinkApplier downlink_;
  Retention retention_;
};

}  // namespace smartstore::edge::store
