// sync::DownlinkPort: snapshots (stage into the inactive table, verify, flip),
// deltas, campaigns, catalog, coupon keys, revocations, aliases (erasures:
// member_erasure.cpp).
#include <algorithm>
#include <chrono>
#include <thread>

#include <nlohmann/json.hpp>

#include "journal_json.h"
#include "smartstore/common/sqlite/database.h"
#include "smartstore/common/utc_time.h"
#include "smartstore/edge/store/event_id.h"
#include "smartstore/edge/store/gtin.h"
#include "smartstore/edge/store/kiosk_store.h"
#include "smartstore/models/snapshot_format.h"
#include "smartstore/sync/coupon_key_seal.h"
#include "snapshot_rows.h"
#include "store_database.h"

namespace smartstore::edge::store {
namespace {
Status refused(std::string why, ErrorKind kind = ErrorKind::invalid_input) {
  return fail(kind, std::move(why), "downlink");
}
Status applied() {
  return ok();
}

// About one batch of sorted inserts per lock hold (see apply_snapshot).
constexpr auto kStagingBatch = std::chrono::milliseconds(25);
constexpr auto kStagingPause = std::chrono::milliseconds(1);
// Emptying a table is never urgent (the new version is already active, or
// the next staging waits for it), so it holds the lock for shorter batches
// and yields it for twice as long: on a loaded machine a scan woken when the
// lock is released may take longer than kStagingPause to be scheduled, and
// std::recursive_mutex is not fair, so the next batch would win again, batch
// after batch (bench snapshot_apply_daemon times scans in each phase).
constexpr auto kEmptyBatch = std::chrono::milliseconds(10);
constexpr auto kEmptyPause = std::chrono::milliseconds(20);
// Rows read from the chunk files per refill: more than one batch inserts,
// a few MiB at most.
constexpr std::size_t kReadRows = 8192;
constexpr std::size_t kReadBytes = std::size_t{4} << 20;

unsigned validation_threads() {
  // Decoding is the CPU-heavy part of an apply; a kiosk has 2-4 cores.
  return std::clamp(std::thread::hardware_concurrency(), 1u, 4u);
}

// Staged rows are not live until the swap, whose FULL commit syncs the WAL up
// to and including them; so a FULL connection need not fsync every batch.
// NORMAL (not OFF) so checkpoints still sync before the WAL is reused.
class StagingDurability {
 public:
  explicit StagingDurability(sqlite::Database& db) : db_(db) {
    if (db_.synchronous_full()) db_.exec("PRAGMA synchronous=NORMAL");
  }
  ~StagingDurability() {
    try {
      if (db_.synchronous_full()) db_.exec("PRAGMA synchronous=FULL");
    } catch (...) {  // NOLINT: the next sqlite::Transaction on a FULL connection would then run NORMAL;
                     // nothing better here
    }
  }
  StagingDurability(const StagingDurability&) = delete;
  StagingDurability& operator=(const StagingDurability&) = delete;

 private:
  sqlite::Database& db_;
};

}  // namespace

std::int64_t DownlinkApplier::snapshot_version() {
  auto guard = db_.lock();
  const std::string v = db_.meta("snapshot_version");
  return v.empty() ? 0 : std::stoll(v);
}

Status DownlinkApplier::apply_snapshot(const models::SnapshotManifest& manifest,
                                       const std::vector<std::string>& chunk_bytes) {
  sync::ChunksInMemory chunks(chunk_bytes);
  return apply_snapshot(manifest, chunks);
}

Status DownlinkApplier::apply_snapshot(const models::SnapshotManifest& manifest,
                                       sync::SnapshotChunks& chunks) {
  if (manifest.store_id != options_.store_id)
    return refused("manifest.store_id: snapshot is for store " + manifest.store_id);
  if (manifest.version <= snapshot_version())
    return refused("manifest.version: not newer than the cached version", ErrorKind::conflict);
  if (chunks.size() != manifest.chunks.size()) return refused("chunks: count differs from the manifest");
  // Every line is validated before anything is written, without the lock:
  // scans run on meanwhile, and a bad snapshot never touches the database.
  auto refs = detail::index_snapshot_rows(manifest, chunks, validation_threads());
  if (!refs) return refs.error();
  if (refs->size() != manifest.record_count)
    return refused("manifest.record_count: staged " + std::to_string(refs->size()));

  std::string staging;
  {
    auto guard = db_.lock();
    staging = roles_.profiles.staging_table();
  }
  empty_in_batches(staging);  // a killed earlier apply may have left rows
  if (Status staged = stage_rows(manifest, chunks, *refs, staging); !staged) return staged;

  auto guard = db_.lock();
  // Synced: the agent acknowledges the version to HQ right after this returns,
  // and HQ must never believe in a swap a power cut could undo. The FULL commit
  // also makes every staged frame before it durable.
  sqlite::Transaction tx(db_.db(), sqlite::Durability::synced);
  db_.set_meta("active_profiles", staging == "profiles_b" ? "b" : "a");
  db_.set_meta("snapshot_version", std::to_string(manifest.version));
  db_.set_meta("snapshot_manifest", models::encode_manifest(manifest));
  tx.commit();
  std::string old = roles_.profiles.active_table();
  roles_.profiles.activate(staging);
  guard.unlock();
  empty_in_batches(old);  // space for the next staging; the swap is already on disk
  return applied();
}

// One DELETE of a whole 1M-profile table walks all its pages under the lock
// (10.5 s without a scan answered on a loaded 2-core machine, bench
// sync_snapshot); in rowid order, a short batch per lock hold, it costs scans
// less than a staging batch. Rows staged in key order have their rowids in
// key order too, so the key index is emptied from its left edge as well.
void DownlinkApplier::empty_in_batches(const std::string& table) {
  sqlite::CheckpointConnection checkpoint(db_.db().file());
  const std::string sql =
      "DELETE FROM " + table + " WHERE rowid IN (SELECT rowid FROM " + table + " ORDER BY rowid LIMIT 256)";
  for (;;) {
    std::int64_t removed = 0;
    {
      auto guard = db_.lock();
      auto del = db_.db().statement(sql);
      StagingDurability relaxed(db_.db());
      sqlite::Transaction tx(db_.db());
      const auto started = std::chrono::steady_clock::now();
      std::int64_t n = 0;
      do {
        del->run();
        n = db_.db().changes();
        removed += n;
      } while (n > 0 && std::chrono::steady_clock::now() - started < kEmptyBatch);
      tx.commit();
    }
    if (removed == 0) return;
    if (!checkpoint.run()) {
      auto guard = db_.lock();
      db_.db().checkpoint_passive();
    }
    std::this_thread::sleep_for(kEmptyPause);
  }
}

// The rows in key order into `staging`, read back from the chunks a batch at
// a time (kReadRows / kReadBytes: what the apply holds of the snapshot).
Status DownlinkApplier::stage_rows(const models::SnapshotManifest& manifest, sync::SnapshotChunks& chunks,
                                   const std::vector<detail::RowRef>& refs, const std::string& staging) {
  detail::SortedRows rows(chunks, refs);
  // Progress hook, per chunk's share of rows (the rows are staged in key order, not chunk by chunk).
  std::size_t hooked = 0;
  std::uint64_t hook_at = manifest.chunks.empty() ? 0 : manifest.chunks[0].records;
  // Checkpoints between staging batches on a connection of its own, so their
  // fsyncs happen without the store's lock (scans and coupon issues go on).
  // With the bulk writer paused the checkpoint completes and the next batch
  // restarts the WAL: it stays about one batch long instead of growing by the snapshot.
  sqlite::CheckpointConnection checkpoint(db_.db().file());
  std::size_t stored = 0, in_batch = 0;
  while (stored < refs.size()) {
    if (in_batch == rows.batch().size()) {  // read without the lock: scans go on meanwhile
      if (Status read = rows.next_batch(kReadRows, kReadBytes); !read) return read;
      in_batch = 0;
    }
    {
      auto guard = db_.lock();
      // Prepared per batch (a few µs); binds the read bytes without copying them.
      auto insert = db_.db().statement("INSERT INTO " + staging + " (member_key, body) VALUES (?1, ?2)");
      StagingDurability relaxed(db_.db());
      sqlite::Transaction tx(db_.db());
      const auto started = std::chrono::steady_clock::now();
      const auto& batch = rows.batch();
      // Batches bounded in time: the lock is released between them so a scan
      // waits at most about kStagingBatch for the active table.
      do {
        insert->bind_static(1, batch[in_batch].key).bind_static(2, batch[in_batch].line);
        if (insert->run()) return refused("chunks: duplicate member keys (staging table not empty)");
        ++in_batch;
        ++stored;
      } while (in_batch < batch.size() &&
               (stored % 64 != 0 || std::chrono::steady_clock::now() - started < kStagingBatch));
      tx.commit();
    }
    if (!checkpoint.run()) {
      auto guard = db_.lock();
      db_.db().checkpoint_passive();
    }
    // std::recursive_mutex is not fair: without a pause the woken scan thread
    // loses the race for the lock to the next batch, batch after batch (seconds
    // on a loaded machine, measured in bench sync_snapshot).
    std::this_thread::sleep_for(kStagingPause);
    while (options_.on_chunk_staged && hooked < manifest.chunks.size() && stored >= hook_at) {
      options_.on_chunk_staged(hooked++);
      if (hooked < manifest.chunks.size()) hook_at += manifest.chunks[hooked].records;
    }
  }
  while (options_.on_chunk_staged && hooked < manifest.chunks.size())
    options_.on_chunk_staged(hooked++);  // empty trailing chunks
  return ok();
}

Status DownlinkApplier::apply_delta(std::int64_t base_version, std::int64_t new_version,
                                    const std::vector<models::CustomerProfile>& upserts,
                                    const std::vector<std::string>& removed_member_keys) {
  auto guard = db_.lock();
  std::int64_t current = snapshot_version();
  if (current != base_version)
    return refused(
        "base_version: delta on " + std::to_string(base_version) + ", cache at " + std::to_string(current),
        ErrorKind::conflict);
  if (new_version <= base_version) return refused("new_version: not newer than base_version");
  sqlite::Transaction tx(db_.db(), sqlite::Durability::synced);  // acknowledged to HQ once it returns
  for (const auto& p : upserts) {
    if (p.member_key.size() != 64) return refused("upserts: member_key is not a key");
    roles_.profiles.put(roles_.profiles.active_table(), p);
  }
  for (const auto& key : removed_member_keys) {
    sqlite::StatementScope s(
        db_.db().prepared("DELETE FROM " + roles_.profiles.active_table() + " WHERE member_key = ?1"));
    s->bind(1, key);
    s->run();
  }
  db_.set_meta("snapshot_version", std::to_string(new_version));
  tx.commit();
  return applied();
}

Status DownlinkApplier::apply_campaigns(const std::string& campaigns_json) {
  auto parsed = policy::parse_campaigns(campaigns_json);
  if (!parsed) return parsed.error();
  auto guard = db_.lock();
  db_.set_meta("campaigns", campaigns_json);
  roles_.journal.set_campaigns(std::move(*parsed));
  return applied();
}

Status DownlinkApplier::apply_catalog(const std::string& catalog_json) {
  auto doc = nlohmann::json::parse(catalog_json, nullptr, false);
  if (doc.is_discarded()) return refused("catalog: not valid JSON");
  const auto& items = doc.is_object() && doc.contains("items") ? doc.at("items") : doc;
  if (!items.is_array()) return refused("catalog: expected an array of items");
  auto guard = db_.lock();
  sqlite::Transaction tx(db_.db());
  db_.db().exec("DELETE FROM catalog");
  for (std::size_t i = 0; i < items.size(); ++i) {
    const auto& j = items[i];
    try {
      sqlite::StatementScope s(
          db_.db().prepared("INSERT OR REPLACE INTO catalog (gtin, product_code, name, category, "
                            "offline_price_krw, online_price_krw, "
                            "app_link, gtin14) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"));
      const std::string gtin = j.value("gtin", "");
      s->bind(1, gtin).bind(2, j.value("product_code", "")).bind(3, j.at("name").get<std::string>());
      s->bind(4, j.value("category", "")).bind(5, j.value("offline_price_krw", std::int64_t{0}));
      s->bind(6, j.value("online_price_krw", std::int64_t{0})).bind(7, j.value("app_link", ""));
      s->bind(8, gtin14_of(gtin).value_or(""));
      s->run();
    } catch (const nlohmann::json::exception& e) {
      return refused("catalog[" + std::to_string(i) + "]: " + e.what());
    }
  }
  tx.commit();
  return applied();
}

// Keys arrive sealed to the store (sync/coupon_key_seal.h) under its key id 1,
// the provisioned key file; a key in clear is refused, and an id already
// stored is never overwritten (KeyRing::add).
Status DownlinkApplier::rotate_coupon_key(const std::string& key_json) {
  const auto keys = roles_.keys.coupon_keys();
  const auto store_key = keys.find(1);
  if (store_key == keys.end())
    return refused("coupon key: this kiosk has no provisioned key (id 1) to open it");
  auto update = sync::open_coupon_key(store_key->second.secret, options_.store_id, key_json);
  if (!update) return update.error();
  const auto now = Clock::now();
  if (update->retire) return roles_.keys.retire(update->key_id, now);
  std::optional<Clock::time_point> not_after;
  if (update->not_after) not_after = Clock::time_point(std::chrono::seconds(*update->not_after));
  return roles_.keys.add(update->key_id, update->secret, now, not_after);
}

Status DownlinkApplier::revoke_coupons(const std::vector<std::string>& coupon_ids) {
  auto guard = db_.lock();
  sqlite::Transaction tx(db_.db());
  for (const auto& id : coupon_ids) {
    sqlite::StatementScope s(
        db_.db().prepared("INSERT OR IGNORE INTO revoked_coupons (coupon_id, revoked_at) VALUES (?1, ?2)"));
    s->bind(1, id).bind(2, unix_seconds(Clock::now()));
    s->run();
  }
  tx.commit();
  return applied();
}

Status DownlinkApplier::apply_aliases(const std::vector<std::pair<std::string, std::string>>& old_to_new) {
  auto guard = db_.lock();
  sqlite::Transaction tx(db_.db());
  for (const auto& [from, to] : old_to_new) {
    if (from == to || from.size() != 64 || to.size() != 64)
      return refused("aliases: " + from + ": not a pair of keys");
    sqlite::StatementScope s(
        db_.db().prepared("INSERT OR REPLACE INTO aliases (old_key, new_key) VALUES (?1, ?2)"));
    s->bind(1, from).bind(2, to);
    s->run();
    // The journal follows the survivor, so caps and history carry over.
    for (const char* sql : {"UPDATE coupons SET member_key = ?2 WHERE member_key = ?1",
                            "UPDATE notes SET member_key = ?2 WHERE member_key = ?1"}) {
      sqlite::StatementScope u(db_.db().prepared(sql));
      u->bind(1, from).bind(2, to);
      u->run();
    }
  }
  tx.commit();
  return applied();
}

}  // namespace smartstore::edge::store
