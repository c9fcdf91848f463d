#pragma once
// The kiosk's SQLite store over one Database: profile cache, journal (coupons,
// redemptions, staff notes), coupon keys, campaigns, catalog, and two role
// objects for the sync agent: outbox() (sync::OutboxPort) and downlink()
// (sync::DownlinkPort). Every write that produces an event writes the record
// and its outbox row in one transaction.
//
// Thread-safe: each call is atomic; with_session() makes several calls one
// atomic step (lookup -> decide -> issue) across the HTTP, scanner and sync
// threads. The lock itself is private: no caller can hold it past the step.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "smartstore/common/result.h"
#include "smartstore/common/sqlite/checkpointer.h"
#include "smartstore/edge/kiosk_service.h"
#include "smartstore/edge/policy/coupon_policy.h"
#include "smartstore/edge/store/downlink_applier.h"
#include "smartstore/edge/store/outbox.h"
#include "smartstore/sync/store_ports.h"

namespace smartstore::sqlite {
class Database;
class StorageError;
}  // namespace smartstore::sqlite

namespace smartstore::edge::store {

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
};

// A coupon issue about to be journaled.
struct IssueRecord {
  IssuedCoupon coupon;
  std::string member_key;
  std::string campaign_id;
  std::uint16_t offer_number = 0;
  std::string day;
};

enum class RedeemWrite { recorded, already_redeemed };

struct StoreCounters {
  std::uint64_t coupons_issued = 0;
  std::uint64_t coupons_redeemed = 0;
  std::uint64_t notes_stored = 0;
  std::uint64_t refused_outbox_full = 0;
  std::map<std::string, std::uint64_t> storage_write_failures;  // full | read_only | io
  std::map<std::string, std::uint64_t> issued_by_reason;
};

class KioskStore final {
 public:
  // Opens (creating 0600) and migrates the database.
  KioskStore(const std::filesystem::path& file, StoreOptions options);
  ~KioskStore();
  KioskStore(const KioskStore&) = delete;
  KioskStore& operator=(const KioskStore&) = delete;

  // Runs step(*this) with the store to itself: the reads and writes inside
  // are one atomic step (two kiosk threads cannot both pass a daily cap).
  template <class Step>
  decltype(auto) with_session(Step&& step) {
    std::lock_guard guard(mutex_);
    return std::forward<Step>(step)(*this);
  }
  // The sync agent's ports.
  [[nodiscard]] Outbox& outbox() { return outbox_; }
  [[nodiscard]] DownlinkApplier& downlink() { return downlink_; }
  [[nodiscard]] const StoreOptions& options() const { return options_; }
  void set_limits(std::size_t outbox_max_rows, unsigned retention_days);

  // --- profiles
  // Follows aliases to the surviving key; nullopt when not cached.
  [[nodiscard]] std::optional<models::CustomerProfile> find_profile(const std::string& member_key);
  [[nodiscard]] std::string resolve_alias(const std::string& member_key);
  [[nodiscard]] std::uint64_t profile_count();
  // Bulk load for benchmarks and tests: replaces the active table's rows in one transaction.
  void load_profiles(const std::vector<models::CustomerProfile>& profiles);
  [[nodiscard]] std::optional<models::PreferenceModel> preference_model();

  // --- journal
  [[nodiscard]] policy::CustomerHistory history(const std::string& member_key, const std::string& day,
                                                Clock::time_point now);
  [[nodiscard]] const std::vector<policy::Campaign>& campaigns() const { return campaigns_; }
  [[nodiscard]] std::map<std::string, std::int64_t> campaign_usage();
  // Fails with outbox_full or a storage kind; nothing was written then.
  [[nodiscard]] Status record_issue(const IssueRecord& issue, Clock::time_point now);
  // Never refused for a full outbox (the customer is at the till); fails with
  // a storage kind when the disk refused, nothing recorded.
  [[nodiscard]] Result<RedeemWrite> record_redemption(const std::string& coupon_id, const std::string& kind,
                                                      const std::string& device_id,
                                                      const std::string& member_key, Clock::time_point now);
  [[nodiscard]] std::optional<CouponRecord> find_coupon(const std::string& coupon_id, Clock::time_point now);
  [[nodiscard]] bool is_revoked(const std::string& coupon_id);
  [[nodiscard]] std::vector<CouponRecord> recent_coupons(const std::string& member_key, std::size_t n,
                                                         Clock::time_point now);

  // Stores the note and its outbox row, and applies the sold items to the
  // member's preference counts (local learning), all in one transaction.
  // Fails with outbox_full or a storage kind; nothing stored then.
  [[nodiscard]] Result<RecordedNote> record_note(const std::string& member_key, const StaffNote& note,
                                                 const std::string& staff_id,
                                                 const std::string& idempotency_key, Clock::time_point now);
  [[nodiscard]] std::vector<StoredNote> recent_notes(const std::string& member_key, std::size_t n);

  // --- keys and catalog
  [[nodiscard]] std::map<int, std::vector<unsigned char>> coupon_keys();
  void add_coupon_key(int key_id, const std::vector<unsigned char>& secret, Clock::time_point now);
  [[nodiscard]] std::optional<CatalogItem> find_product(const std::string& gtin_or_code);

  [[nodiscard]] StoreCounters counters();
  [[nodiscard]] bool integrity_ok();
  // The background checkpointer's figures (flush lag after a coupon issue).
  [[nodiscard]] sqlite::CheckpointStats checkpoint_stats();

 private:
  friend class Outbox;
  friend class DownlinkApplier;
  [[nodiscard]] std::unique_lock<std::recursive_mutex> lock() { return std::unique_lock(mutex_); }
  [[nodiscard]] std::string active_table();
  [[nodiscard]] std::string meta(const std::string& key);
  void set_meta(const std::string& key, const std::string& value);
  void put_profile(const std::string& table, const models::CustomerProfile& p);
  // Inside the caller's transaction; returns the rows added, which the caller
  // adds to unacked_ only after tx.commit(): a rolled-back row is never counted.
  [[nodiscard]] std::uint64_t enqueue(const std::string& event_id, const std::string& type,
                                      const std::string& day, const std::string& created_at,
                                      const std::string& payload);
  [[nodiscard]] bool outbox_full() const;
  void learn_from_note(const std::string& member_key, const StaffNote& note);
  void reload_campaigns();
  // A write the disk refused (full, read-only, I/O): counted, and named for
  // the caller; nullopt when it was not the disk (a bug: rethrow).
  [[nodiscard]] std::optional<Error> storage_refusal(const sqlite::StorageError& e, std::string_view what);
  [[nodiscard]] Error outbox_refusal(std::string_view what);

  StoreOptions options_;
  std::recursive_mutex mutex_;
  std::unique_ptr<sqlite::Database> db_;
  std::unique_ptr<sqlite::Checkpointer> checkpointer_;  // after db_: stops first
  std::vector<policy::Campaign> campaigns_;
  std::uint64_t unacked_ = 0;
  std::string active_;  // "profiles_a" | "profiles_b"
  StoreCounters counters_;
  std::optional<std::map<int, std::vector<unsigned char>>> keys_cache_;  // tiny, read on every scan
  Outbox outbox_{*this};
  DownlinkApplier downlink_{*this};
};

}  // namespace smartstore::edge::store
