#pragma once
// Retention: what the kiosk store deletes while it runs, so that a kiosk on
// one disk for years stops growing once its tables reach their steady size.
// Each growing table keeps exactly what a reader still needs:
//   coupons      until expiry + coupon_margin_days and two days after issue
//                (daily cap, the welcome limit's 26 hours), while its campaign
//                is applied and running (the campaign budget counts them), and
//                always the member's newest coupon (ever_issued: the welcome
//                offer is once per member). With the coupon go its redemption
//                and its revocation: an expired code is refused by its
//                signed expiry before single use is asked.
//   redemptions  of coupons not issued here (no coupon row: their expiry is
//   revocations  unknown) until unknown_expiry_days after the redemption or
//                revocation.
//   notes        until note_days after HQ acknowledged them (and created
//                note_days ago: idempotent replays and the staff card).
//   outbox       acknowledged rows sync.retention_days after the ack.
// Never a row whose outbox event HQ has not acknowledged: a coupon issued at
// or after the oldest unacknowledged event, a redemption or note whose event
// is unacknowledged. Aliases, profiles, catalog and coupon keys are HQ's and
// are replaced by HQ, not aged here.
//
// Work is cut into transactions of at most batch_rows examined rows, each
// under the store's lock for one transaction only, with a pause between
// them, so a scan waits for at most one batch. Before pruning, the run
// raises the clock floor to its `now` (persisted): a clock later set back to
// revive a pruned redemption is refused as clock_behind.
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "smartstore/common/result.h"
#include "smartstore/edge/kiosk_service.h"
#include "smartstore/edge/store/retention_options.h"

namespace smartstore::edge::store {

class StoreDatabase;
class Journal;
class ClockFloor;
class KioskStore;
struct StoreOptions;

// What one run did: rows deleted per table, transactions, time.
struct RetentionReport {
  std::map<std::string, std::uint64_t> pruned;  // coupons | redemptions | revoked_coupons | notes | outbox
  std::uint64_t transactions = 0;
  double seconds = 0;
  double longest_transaction_ms = 0;   // the longest the lock was held
  std::string longest_table;           // in which pass
  std::vector<double> transaction_ms;  // each transaction's hold of the lock, in order
  [[nodiscard]] std::uint64_t total() const;
};

class Retention final {
 public:
  // `options`: the store's, read on each run (outbox retention and `retention`).
  Retention(StoreDatabase& db, Journal& journal, ClockFloor& floor, const StoreOptions& options);
  Retention(const Retention&) = delete;
  Retention& operator=(const Retention&) = delete;

  // One pass over every growing table. Fails with a storage kind when the
  // disk refused a write (what was pruned before stays pruned; the next run
  // goes on from there).
  // `stop_requested`, asked between batches, ends the run early (ok, what was
  // done so far reported).
  [[nodiscard]] Result<RetentionReport> run(Clock::time_point now,
                                            const std::function<bool()>& stop_requested = {});

  // Totals since the store opened, for /metrics.
  [[nodiscard]] std::map<std::string, std::uint64_t> pruned_totals();
  [[nodiscard]] std::uint64_t runs();
  [[nodiscard]] std::uint64_t failed_runs();

 private:
  struct Cutoffs;
  // Deletes what `chunk` deletes from `table`, batch_rows rowids at a time,
  // one transaction each; `chunk(after, upto, pruned)` runs inside it and
  // counts the rows it deleted by table.
  using Counts = std::map<std::string, std::uint64_t>;
  using Chunk = std::function<void(std::int64_t after, std::int64_t upto, Counts& pruned)>;
  [[nodiscard]] Status sweep(const std::string& table, const Chunk& chunk,
                             const std::function<bool()>& stop_requested, RetentionReport& report);
  void prune_coupons(std::int64_t after, std::int64_t upto, const Cutoffs& cut, Counts& pruned);
  [[nodiscard]] std::uint64_t delete_rows(const char* sql, std::int64_t after, std::int64_t upto,
                                          std::int64_t cutoff, const std::string& cutoff_text = {});
  [[nodiscard]] Cutoffs cutoffs(Clock::time_point now);

  StoreDatabase& db_;
  Journal& journal_;
  ClockFloor& floor_;
  const StoreOptions& options_;
  std::mutex totals_mutex_;
  std::map<std::string, std::uint64_t> totals_;
  std::uint64_t runs_ = 0;
  std::uint64_t failed_runs_ = 0;
};

// Runs store.retention() every `interval` on a thread of its own (the first
// run one `first_delay` after start), handing each outcome to `on_run`.
class RetentionSchedule final {
 public:
  using Listener = std::function<void(const Result<RetentionReport>&)>;
  RetentionSchedule(KioskStore& store, std::chrono::milliseconds interval,
                    std::chrono::milliseconds first_delay, Listener on_run);
  ~RetentionSchedule();  // stops the thread; a run in progress ends after its current batch
  RetentionSchedule(const RetentionSchedule&) = delete;
  RetentionSchedule& operator=(const RetentionSchedule&) = delete;

 private:
  void loop(std::chrono::milliseconds interval, std::chrono::milliseconds first_delay);

  KioskStore& store_;
  Listener on_run_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace smartstore::edge::store
