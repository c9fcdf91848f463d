#pragma once
// The ports through which the store agent reads and writes the kiosk's data.
// edge implements them over its SQLite store; sync never includes edge. Each
// call is one transaction on the edge side: it either happened or did not.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "smartstore/common/result.h"
#include "smartstore/models/profile.h"
#include "smartstore/models/snapshot_format.h"
#include "smartstore/sync/snapshot_chunks.h"

namespace smartstore::sync {

// One journal event waiting in the outbox (coupon issue, redemption, staff
// note, erasure acknowledgement, ...). `payload_json` never holds a raw
// membership number, only member keys.
struct OutboxEvent {
  std::int64_t seq = 0;      // local, strictly increasing: the drain order
  std::string event_id;      // globally unique (UUIDv7); HQ deduplicates on it
  std::string type;          // coupon_issued | coupon_redeemed | staff_note | erasure_done | ...
  std::string day;           // store-local business day, YYYY-MM-DD
  std::string created_at;    // ISO 8601 UTC
  std::string payload_json;  // the event body
};

// Counts and hash of one (day, type) pair, for the nightly day-close.
struct DayTotals {
  std::string day;
  std::string type;
  std::uint64_t count = 0;
  std::string ids_sha256;  // sha256 hex over the sorted event ids, '\n'-joined
};

class OutboxPort {
 public:
  virtual ~OutboxPort() = default;
  // Oldest first; events not yet marked sent (or sent but to be resent).
  virtual std::vector<OutboxEvent> next_unsent(std::size_t max) = 0;
  // The marks are writes, and a kiosk's disk can refuse them (full,
  // read-only): the Error's storage kind tells the agent to pause its uplink
  // rather than republish the same page. Nothing is lost by a refused mark:
  // the rows stay unsent / unacknowledged, and HQ keeps each event id once.
  // The broker acknowledged these (QoS 1 PUBACK).
  virtual Status mark_sent(const std::vector<std::string>& event_ids) = 0;
  // HQ acknowledged receipt: eligible for pruning after the retention period.
  virtual Status mark_acknowledged(const std::vector<std::string>& event_ids) = 0;
  // Send these again (HQ reported them missing in the day-close answer).
  virtual Status mark_for_resend(const std::vector<std::string>& event_ids) = 0;
  virtual std::vector<DayTotals> day_totals(const std::string& day) = 0;
  virtual std::vector<std::string> event_ids_of_day(const std::string& day, const std::string& type) = 0;
  virtual std::uint64_t depth() = 0;  // not yet HQ-acknowledged
  virtual std::optional<std::string> oldest_unacknowledged_created_at() = 0;
};

// Profile snapshots, deltas and the rest of the downlink. Each apply returns
// ok, or an Error naming the field or chunk: invalid_input for a bad body,
// conflict for a version out of order, a storage kind when the disk refused.
class DownlinkPort {
 public:
  virtual ~DownlinkPort() = default;
  virtual std::int64_t snapshot_version() = 0;  // 0 when none
  // All chunks of one version, each hash-verified against the manifest,
  // read through `chunks` as needed (they stay on disk). Implementations
  // stage, verify counts, and swap atomically.
  virtual Status apply_snapshot(const models::SnapshotManifest& manifest, SnapshotChunks& chunks) = 0;
  // Upserts and removals on top of base_version, producing manifest.version.
  virtual Status apply_delta(std::int64_t base_version, std::int64_t new_version,
                             const std::vector<models::CustomerProfile>& upserts,
                             const std::vector<std::string>& removed_member_keys) = 0;
  virtual Status apply_campaigns(const std::string& campaigns_json) = 0;
  virtual Status apply_catalog(const std::string& catalog_json) = 0;
  // New coupon signing key (base64 or hex in the JSON) under key_id.
  virtual Status rotate_coupon_key(const std::string& key_json) = 0;
  virtual Status revoke_coupons(const std::vector<std::string>& coupon_ids) = 0;
  virtual Status apply_aliases(const std::vector<std::pair<std::string, std::string>>& old_to_new) = 0;
  // Forget members; the implementation enqueues an erasure_done outbox event
  // per key in the same transaction, so the acknowledgement cannot be lost.
  virtual Status erase_members(const std::string& request_id,
                               const std::vector<std::string>& member_keys) = 0;
  // The members withdrew marketing consent chain-wide: no personalized coupon
  // for them from now on. Kept by the store, so neither a snapshot built
  // before HQ listed them nor a later one can turn it back on.
  virtual Status withdraw_consent(const std::string& request_id,
                                  const std::vector<std::string>& member_keys) = 0;
};

}  // namespace smartstore::sync
