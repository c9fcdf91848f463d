#include "smartstore/edge/store/kiosk_store.h"

#include "smartstore/common/sqlite/database.h"
#include "smartstore/edge/store/event_id.h"
#include "smartstore/edge/store/migrations.h"
#include "store_database.h"

namespace smartstore::edge::store {
namespace {
std::unique_ptr<StoreDatabase> open_migrated(const std::filesystem::path& file, const StoreOptions& options) {
  sqlite::DatabaseOptions db_options;
  db_options.synchronous_full = options.synchronous_full;
  db_options.auto_checkpoint = false;
  auto db = std::make_unique<sqlite::Database>(file, db_options);
  migrate(*db);
  {
    // Event ids keep increasing across a restart after the clock stepped back.
    sqlite::StatementScope newest(db->prepared("SELECT coalesce(max(event_id), '') FROM outbox"));
    if (newest->step()) seed_event_ids(newest->column_text(0));
  }
  return std::make_unique<StoreDatabase>(std::move(db));
}
}  // namespace

KioskStore::KioskStore(const std::filesystem::path& file, StoreOptions options)
    : options_(std::move(options)),
      db_(open_migrated(file, options_)),
      checkpointer_(std::make_unique<sqlite::Checkpointer>(
          file, sqlite::CheckpointerOptions{options_.checkpoint_interval})),
      outbox_(*db_, options_),
      profiles_(*db_),
      keys_(*db_),
      catalog_(*db_),
      clock_floor_(*db_),
      journal_(*db_, outbox_, clock_floor_, options_, [this] { checkpointer_->nudge(); }),
      notes_(*db_, outbox_, profiles_, catalog_, options_),
      downlink_(*db_, options_, DownlinkApplier::Roles{outbox_, profiles_, journal_, keys_}),
      retention_(*db_, journal_, clock_floor_, options_) {}

KioskStore::~KioskStore() = default;

std::unique_lock<std::recursive_mutex> KioskStore::lock() {
  return db_->lock();
}

void KioskStore::set_limits(std::size_t outbox_max_rows, unsigned retention_days) {
  auto guard = lock();
  options_.outbox_max_rows = outbox_max_rows;
  options_.retention_days = retention_days;
}

StoreCounters KioskStore::counters() {
  auto guard = lock();
  StoreCounters c;
  c.coupons_issued = journal_.issued_;
  c.coupons_redeemed = journal_.redeemed_;
  c.issued_by_reason = journal_.issued_by_reason_;
  c.notes_stored = notes_.stored_;
  c.refused_outbox_full = outbox_.refused_;
  c.storage_write_failures = db_->write_failures();
  c.retention_pruned = retention_.pruned_totals();
  c.retention_runs = retention_.runs();
  c.retention_failed_runs = retention_.failed_runs();
  const auto& waits = db_->lock_waits();
  for (std::size_t i = 0; i < waits.waited_at_most.size(); ++i)
    c.lock_waits_at_most_us[StoreDatabase::kLockWaitBoundsUs[i]] = waits.waited_at_most[i] + waits.not_waited;
  c.lock_waits = waits.waited + waits.not_waited;
  c.lock_wait_sum_us = waits.sum_us;
  return c;
}

sqlite::CheckpointStats KioskStore::checkpoint_stats() {
  return checkpointer_->stats();
}

bool KioskStore::integrity_ok() {
  auto guard = lock();
  return db_->db().integrity_ok();
}

}  // namespace smartstore::edge::store
