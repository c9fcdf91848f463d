#pragma once
// What HQ sends a kiosk, applied to its store (sync::DownlinkPort): snapshots
// (staged into the inactive profile table, verified, flipped in one commit),
// deltas, campaigns, catalog, coupon keys, revocations, aliases, erasures.
// A snapshot is staged in batches with the store's lock released between
// them, so scans go on; every other call is one step under the lock.
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "smartstore/edge/kiosk_service.h"
#include "smartstore/sync/store_ports.h"

namespace smartstore::edge::store {

namespace detail {
struct RowRef;
}
class StoreDatabase;
class Outbox;
class ProfileCache;
class Journal;
class KeyRing;
struct StoreOptions;

class DownlinkApplier final : public sync::DownlinkPort {
 public:
  // The roles whose state HQ's messages change.
  struct Roles {
    Outbox& outbox;  // erasure receipts
    ProfileCache& profiles;
    Journal& journal;  // campaigns
    KeyRing& keys;
  };
  DownlinkApplier(StoreDatabase& db, const StoreOptions& options, Roles roles)
      : db_(db), options_(options), roles_(roles) {}
  DownlinkApplier(const DownlinkApplier&) = delete;
  DownlinkApplier& operator=(const DownlinkApplier&) = delete;

  std::int64_t snapshot_version() override;
  // Reads the chunks twice, never whole: every line validated and indexed
  // (24 bytes a profile), then the lines in key order into the inactive table.
  Status apply_snapshot(const models::SnapshotManifest& manifest, sync::SnapshotChunks& chunks) override;
  // The same from chunks in memory (tests, tools).
  Status apply_snapshot(const models::SnapshotManifest& manifest,
                        const std::vector<std::string>& chunk_bytes);
  Status apply_delta(std::int64_t base_version, std::int64_t new_version,
                     const std::vector<models::CustomerProfile>& upserts,
                     const std::vector<std::string>& removed_member_keys) override;
  Status apply_campaigns(const std::string& campaigns_json) override;
  Status apply_catalog(const std::string& catalog_json) override;
  Status rotate_coupon_key(const std::string& key_json) override;
  Status revoke_coupons(const std::vector<std::string>& coupon_ids) override;
  Status apply_aliases(const std::vector<std::pair<std::string, std::string>>& old_to_new) override;
  Status erase_members(const std::string& request_id, const std::vector<std::string>& member_keys) override;
  Status withdraw_consent(const std::string& request_id,
                          const std::vector<std::string>& member_keys) override;
  // True when the member withdrew marketing consent, told HQ or staff here
  // (consent_withdrawal.cpp).
  [[nodiscard]] bool consent_withdrawn(const std::string& member_key);
  // Staff's confirmed "no more marketing": listed here at once, and a
  // consent_withdrawal_requested event per key through the outbox so HQ
  // lists the member chain-wide (one transaction). Returns the first key's request id.
  [[nodiscard]] Result<std::string> withdraw_consent_here(const std::vector<std::string>& member_keys,
                                                          const std::string& staff_id, Clock::time_point now);
  // Staff's confirmed "forget this member": the same erasure as HQ's, and a
  // member_erase_requested event through the outbox so HQ lists the member
  // chain-wide, for each key (a card's key and the key an alias leads it to
  // go together, in one transaction). Returns the first key's request id.
  [[nodiscard]] Result<std::string> forget_member(const std::vector<std::string>& member_keys,
                                                  const std::string& staff_id, Clock::time_point now);

 private:
  Status stage_rows(const models::SnapshotManifest& manifest, sync::SnapshotChunks& chunks,
                    const std::vector<detail::RowRef>& refs, const std::string& staging);
  void empty_in_batches(const std::string& table);
  // A request a member made in person at this store, for each key in one
  // synced transaction: `apply` to the rows here, then an event of `type`
  // ({request_id, member_key, store_id, staff_id, requested_at}) for HQ.
  // Never refused for a full outbox. The first key's request id.
  Result<std::string> member_request(
      const std::vector<std::string>& member_keys, const char* type, const std::string& staff_id,
      Clock::time_point now,
      const std::function<void(const std::string& key, const std::string& request_id)>& apply);

  StoreDatabase& db_;
  const StoreOptions& options_;
  Roles roles_;
};

}  // namespace smartstore::edge::store
