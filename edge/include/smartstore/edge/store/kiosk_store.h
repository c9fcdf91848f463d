#pragma once
// The kiosk's SQLite store: profile cache, journal (coupons, redemptions,
// staff notes), outbox, coupon keys, campaigns, catalog. It implements the
// sync ports so the MQTT agent reads and writes through it, and offers the
// narrower calls the kiosk service needs. Every write that produces an event
// writes the record and its outbox row in one transaction.
//
// Thread-safe: one connection guarded by a recursive mutex; hold lock() to
// make several calls one atomic step (lookup -> decide -> issue).
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

class KioskStore final : public sync::OutboxPort, public sync::DownlinkPort {
 public:
  // Opens (creating 0600) and migrates the database.
  KioskStore(const std::filesystem::path& file, StoreOptions options);
  ~KioskStore() override;
  KioskStore(const KioskStore&) = delete;
  KioskStore& operator=(const KioskStore&) = delete;

  [[nodiscard]] std::unique_lock<std::recursive_mutex> lock() { return std::unique_lock(mutex_); }
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

  // Deletes HQ-acknowledged outbox rows older than the retention; returns how many.
  std::uint64_t prune(Clock::time_point now);
  [[nodiscard]] StoreCounters counters();
  [[nodiscard]] bool integrity_ok();
  // The background checkpointer's figures (flush lag after a coupon issue).
  [[nodiscard]] sqlite::CheckpointStats checkpoint_stats();

  // --- sync::OutboxPort
  std::vector<sync::OutboxEvent> next_unsent(std::size_t max) override;
  void mark_sent(const std::vector<std::string>& event_ids) override;
  void mark_acknowledged(const std::vector<std::string>& event_ids) override;
  void mark_for_resend(const std::vector<std::string>& event_ids) override;
  std::vector<sync::DayTotals> day_totals(const std::string& day) override;
  std::vector<std::string> event_ids_of_day(const std::string& day, const std::string& type) override;
  std::uint64_t depth() override;
  std::optional<std::string> oldest_unacknowledged_created_at() override;

  // --- sync::DownlinkPort
  std::int64_t snapshot_version() override;
  Status apply_snapshot(const models::SnapshotManifest& manifest,
                        const std::vector<std::string>& chunk_bytes) override;
  Status apply_delta(std::int64_t base_version, std::int64_t new_version,
                     const std::vector<models::CustomerProfile>& upserts,
                     const std::vector<std::string>& removed_member_keys) override;
  Status apply_campaigns(const std::string& campaigns_json) override;
  Status apply_catalog(const std::string& catalog_json) override;
  Status rotate_coupon_key(const std::string& key_json) override;
  Status revoke_coupons(const std::vector<std::string>& coupon_ids) override;
  Status apply_aliases(const std::vector<std::pair<std::string, std::string>>& old_to_new) override;
  Status erase_members(const std::string& request_id, const std::vector<std::string>& member_keys) override;

  // Test hook for the crash test: called after each staged chunk of a snapshot.
  void set_stage_hook(std::function<void(std::size_t chunk)> hook) { stage_hook_ = std::move(hook); }

 private:
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
  std::function<void(std::size_t)> stage_hook_;
  std::optional<std::map<int, std::vector<unsigned char>>> keys_cache_;  // tiny, read on every scan
};

}  // namespace smartstore::edge::store
