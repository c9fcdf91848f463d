#include "smartstore/edge/store/kiosk_store.h"

#include <nlohmann/json.hpp>

#include "smartstore/common/sqlite/database.h"
#include "smartstore/edge/store/event_id.h"
#include "smartstore/edge/store/gtin.h"
#include "smartstore/edge/store/migrations.h"
#include "smartstore/models/snapshot_format.h"

namespace smartstore::edge::store {

KioskStore::KioskStore(const std::filesystem::path& file, StoreOptions options)
    : options_(std::move(options)) {
  sqlite::DatabaseOptions db_options;
  db_options.synchronous_full = options_.synchronous_full;
  db_options.auto_checkpoint = false;
  db_ = std::make_unique<sqlite::Database>(file, db_options);
  migrate(*db_);
  {
    // Event ids keep increasing across a restart after the clock stepped back.
    sqlite::StatementScope newest(db_->prepared("SELECT coalesce(max(event_id), '') FROM outbox"));
    if (newest->step()) seed_event_ids(newest->column_text(0));
  }
  checkpointer_ =
      std::make_unique<sqlite::Checkpointer>(file, sqlite::CheckpointerOptions{options_.checkpoint_interval});
  active_ = active_table();
  unacked_ =
      static_cast<std::uint64_t>(db_->scalar_int("SELECT count(*) FROM outbox WHERE acked_at IS NULL"));
  reload_campaigns();
}

KioskStore::~KioskStore() = default;

void KioskStore::set_limits(std::size_t outbox_max_rows, unsigned retention_days) {
  auto guard = lock();
  options_.outbox_max_rows = outbox_max_rows;
  options_.retention_days = retention_days;
}

std::string KioskStore::meta(const std::string& key) {
  sqlite::StatementScope s(db_->prepared("SELECT value FROM meta WHERE key = ?1"));
  s->bind(1, key);
  return s->step() ? s->column_text(0) : std::string();
}

void KioskStore::set_meta(const std::string& key, const std::string& value) {
  sqlite::StatementScope s(
      db_->prepared("INSERT INTO meta (key, value) VALUES (?1, ?2) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value"));
  s->bind(1, key).bind(2, value);
  s->run();
}

std::string KioskStore::active_table() {
  return meta("active_profiles") == "b" ? "profiles_b" : "profiles_a";
}

std::string KioskStore::resolve_alias(const std::string& member_key) {
  auto guard = lock();
  std::string key = member_key;
  // Merges can chain (a -> b -> c); a bound stops a cycle HQ should never send.
  for (int hop = 0; hop < 8; ++hop) {
    sqlite::StatementScope s(db_->prepared("SELECT new_key FROM aliases WHERE old_key = ?1"));
    s->bind(1, key);
    if (!s->step()) break;
    key = s->column_text(0);
  }
  return key;
}

std::optional<models::CustomerProfile> KioskStore::find_profile(const std::string& member_key) {
  auto guard = lock();
  // The usual case, a key with no alias, in one statement: one read
  // transaction (a WAL read lock) per scan instead of one per query.
  std::string body;
  {
    sqlite::StatementScope s(db_->prepared(active_ == "profiles_b"
                                               ? "SELECT (SELECT new_key FROM aliases WHERE old_key = ?1), "
                                                 "(SELECT body FROM profiles_b WHERE member_key = ?1)"
                                               : "SELECT (SELECT new_key FROM aliases WHERE old_key = ?1), "
                                                 "(SELECT body FROM profiles_a WHERE member_key = ?1)"));
    s->bind(1, member_key);
    if (!s->step()) return std::nullopt;
    if (s->column_is_null(0)) {
      if (s->column_is_null(1)) return std::nullopt;
      body = s->column_text(1);
    }
  }
  if (body.empty()) {  // merged or reissued: the profile is under the surviving key
    sqlite::StatementScope s(db_->prepared(active_ == "profiles_b"
                                               ? "SELECT body FROM profiles_b WHERE member_key = ?1"
                                               : "SELECT body FROM profiles_a WHERE member_key = ?1"));
    s->bind(1, resolve_alias(member_key));
    if (!s->step()) return std::nullopt;
    body = s->column_text(0);
  }
  auto decoded = models::decode_profile(body);
  if (!decoded.ok()) return std::nullopt;  // cannot happen: bodies are validated before they are stored
  return std::move(*decoded.value);
}

std::uint64_t KioskStore::profile_count() {
  auto guard = lock();
  return static_cast<std::uint64_t>(db_->scalar_int("SELECT count(*) FROM " + active_));
}

void KioskStore::put_profile(const std::string& table, const models::CustomerProfile& p) {
  sqlite::StatementScope s(
      db_->prepared("INSERT OR REPLACE INTO " + table + " (member_key, body) VALUES (?1, ?2)"));
  s->bind(1, p.member_key).bind(2, models::encode_profile(p));
  s->run();
}

void KioskStore::load_profiles(const std::vector<models::CustomerProfile>& profiles) {
  auto guard = lock();
  sqlite::Transaction tx(*db_);
  db_->exec("DELETE FROM " + active_);
  for (const auto& p : profiles) put_profile(active_, p);
  tx.commit();
  db_->checkpoint_passive();
}

std::optional<models::PreferenceModel> KioskStore::preference_model() {
  auto guard = lock();
  std::string text = meta("snapshot_manifest");
  if (text.empty()) return std::nullopt;
  auto m = models::decode_manifest(text);
  if (!m.ok()) return std::nullopt;
  return m.value->preference_model;
}

void KioskStore::reload_campaigns() {
  auto parsed = policy::parse_campaigns(meta("campaigns"));
  if (parsed) campaigns_ = std::move(*parsed);
}

std::map<int, std::vector<unsigned char>> KioskStore::coupon_keys() {
  auto guard = lock();
  if (keys_cache_) return *keys_cache_;
  std::map<int, std::vector<unsigned char>> keys;
  sqlite::StatementScope s(db_->prepared("SELECT key_id, secret FROM coupon_keys"));
  while (s->step()) {
    std::string secret = s->column_text(1);
    keys[static_cast<int>(s->column_int(0))] = std::vector<unsigned char>(secret.begin(), secret.end());
  }
  keys_cache_ = keys;
  return keys;
}

void KioskStore::add_coupon_key(int key_id, const std::vector<unsigned char>& secret, Clock::time_point now) {
  auto guard = lock();
  sqlite::StatementScope s(
      db_->prepared("INSERT OR REPLACE INTO coupon_keys (key_id, secret, added_at) VALUES (?1, ?2, ?3)"));
  s->bind(1, std::int64_t{key_id}).bind_blob(2, secret.data(), secret.size());
  s->bind(3, std::int64_t{std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count()});
  s->run();
  keys_cache_.reset();
}

std::optional<CatalogItem> KioskStore::find_product(const std::string& code) {
  auto guard = lock();
  sqlite::StatementScope s(db_->prepared(
      "SELECT gtin, product_code, name, category, offline_price_krw, online_price_krw, app_link, gtin14 "
      "FROM catalog WHERE (?1 != '' AND gtin14 = ?1) OR (?2 != '' AND (product_code = ?2 OR gtin = ?2)) "
      "ORDER BY gtin14 = ?1 DESC LIMIT 1"));
  // A GTIN match wins over a pd_c that happens to be the same digits.
  s->bind(1, gtin14_of(code).value_or("")).bind(2, code);
  if (!s->step()) return std::nullopt;
  CatalogItem item;
  item.gtin = s->column_text(0);
  item.product_code = s->column_text(1);
  item.name = s->column_text(2);
  item.category = s->column_text(3);
  item.offline_price_krw = s->column_int(4);
  item.online_price_krw = s->column_int(5);
  item.app_link = s->column_text(6);
  item.gtin14 = s->column_text(7);
  return item;
}

StoreCounters KioskStore::counters() {
  auto guard = lock();
  return counters_;
}

sqlite::CheckpointStats KioskStore::checkpoint_stats() {
  return checkpointer_->stats();
}

std::optional<Error> KioskStore::storage_refusal(const sqlite::StorageError& e, std::string_view what) {
  auto refused = e.refusal(what);
  if (!refused) return std::nullopt;
  // Metrics label: full | read_only | io.
  ++counters_.storage_write_failures[std::string(
      to_string(refused->kind()).substr(std::string_view("storage_").size()))];
  return refused;
}

Error KioskStore::outbox_refusal(std::string_view what) {
  ++counters_.refused_outbox_full;
  return Error(ErrorKind::outbox_full,
               "outbox full (" + std::to_string(unacked_) + " events not acknowledged by HQ, limit " +
                   std::to_string(options_.outbox_max_rows) + "): " + std::string(what),
               "storage");
}

bool KioskStore::integrity_ok() {
  auto guard = lock();
  return db_->integrity_ok();
}

}  // namespace smartstore::edge::store
