#include "smartstore/edge/store/migrations.h"

namespace smartstore::edge::store {
namespace {
constexpr const char* kWelcomeIndexKeyLifetimes = R"sql(
-- The kiosk's welcome limit counts recent coupons by offer.
CREATE INDEX coupons_by_offer ON coupons (offer_id, issued_at);
-- A coupon key signs and verifies until not_after (NULL: no end) unless
-- retired first; a retired key's row stays so that its id is never reused.
ALTER TABLE coupon_keys ADD COLUMN not_after INTEGER;
ALTER TABLE coupon_keys ADD COLUMN retired_at INTEGER;
)sql";

constexpr const char* kConsentWithdrawals = R"sql(
CREATE TABLE consent_withdrawals (
  member_key TEXT PRIMARY KEY, request_id TEXT NOT NULL, withdrawn_at INTEGER NOT NULL) WITHOUT ROWID;
)sql";

// Every member scan reads the member's coupons (daily cap, offers still
// held, ever issued). From this index alone: the coupon rows (~0.8 KiB each,
// body and code) are one table page each, scattered over a table that holds
// every cached member's newest coupon; the index holds a member's coupons
// side by side. Its leading columns are coupons_by_member's, which it replaces.
constexpr const char* kHistoryIndex = R"sql(
CREATE INDEX coupons_history ON coupons (member_key, issued_at, offer_id, day, expires_at, coupon_id);
DROP INDEX coupons_by_member;
)sql";
}  // namespace

const std::vector<Migration>& migrations() {
  // Never edit a released step: add a new one.
  static const std::vector<Migration> steps = {
      {1, "profile cache",
       R"sql(
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
-- Two profile tables: the active one serves lookups while a new snapshot is
-- staged into the other; meta.active_profiles flips in one transaction.
CREATE TABLE profiles_a (member_key TEXT PRIMARY KEY, body TEXT NOT NULL);
CREATE TABLE profiles_b (member_key TEXT PRIMARY KEY, body TEXT NOT NULL);
INSERT INTO meta VALUES ('active_profiles', 'a'), ('snapshot_version', '0');
)sql"},
      {2, "journal and outbox",
       R"sql(
CREATE TABLE coupons (
  coupon_id TEXT PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  member_key TEXT NOT NULL,
  offer_id TEXT NOT NULL,
  reason_code TEXT NOT NULL,
  body TEXT NOT NULL,
  day TEXT NOT NULL,
  issued_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL);
CREATE INDEX coupons_by_member ON coupons (member_key, issued_at);
CREATE TABLE redemptions (
  coupon_id TEXT PRIMARY KEY,  -- single use: the second insert fails
  kind TEXT NOT NULL,
  device_id TEXT NOT NULL,
  redeemed_at INTEGER NOT NULL,
  event_id TEXT NOT NULL);
CREATE TABLE notes (
  event_id TEXT PRIMARY KEY,
  idempotency_key TEXT NOT NULL UNIQUE,
  member_key TEXT NOT NULL,
  staff_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  body TEXT NOT NULL);
CREATE INDEX notes_by_member ON notes (member_key, created_at);
CREATE TABLE outbox (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,
  day TEXT NOT NULL,
  created_at TEXT NOT NULL,
  payload TEXT NOT NULL,
  sent INTEGER NOT NULL DEFAULT 0,
  acked_at INTEGER);
CREATE INDEX outbox_unsent ON outbox (sent, seq);
CREATE INDEX outbox_by_day ON outbox (day, type);
CREATE TABLE coupon_keys (key_id INTEGER PRIMARY KEY, secret BLOB NOT NULL, added_at INTEGER NOT NULL);
)sql"},
      {3, "aliases, revocations, catalog, campaigns",
       R"sql(
CREATE TABLE aliases (old_key TEXT PRIMARY KEY, new_key TEXT NOT NULL);
CREATE TABLE revoked_coupons (coupon_id TEXT PRIMARY KEY, revoked_at INTEGER NOT NULL);
CREATE TABLE catalog (
  gtin TEXT PRIMARY KEY, product_code TEXT NOT NULL, name TEXT NOT NULL, category TEXT NOT NULL,
  offline_price_krw INTEGER NOT NULL, online_price_krw INTEGER NOT NULL, app_link TEXT NOT NULL);
CREATE INDEX catalog_by_code ON catalog (product_code);
ALTER TABLE coupons ADD COLUMN campaign_id TEXT NOT NULL DEFAULT '';
CREATE INDEX coupons_by_campaign ON coupons (campaign_id) WHERE campaign_id != '';
CREATE INDEX outbox_unacked ON outbox (seq) WHERE acked_at IS NULL;
INSERT INTO meta VALUES ('campaigns', '[]');
)sql"},
      {4, "catalog keyed by GTIN-14",
       R"sql(
-- A GTIN scans as 8, 12, 13 or 14 digits; compare all of them as GTIN-14.
ALTER TABLE catalog ADD COLUMN gtin14 TEXT NOT NULL DEFAULT '';
UPDATE catalog SET gtin14 = substr('000000' || gtin, -14)
  WHERE length(gtin) IN (8, 12, 13, 14) AND gtin NOT GLOB '*[^0-9]*';
CREATE INDEX catalog_by_gtin14 ON catalog (gtin14) WHERE gtin14 != '';
)sql"},
      {5, "welcome limit index, coupon key lifetimes", kWelcomeIndexKeyLifetimes},
      {6, "consent withdrawals", kConsentWithdrawals},
      {7, "member history index", kHistoryIndex},
  };
  return steps;
}

int latest_schema_version() {
  return migrations().back().version;
}

int schema_version(sqlite::Database& db) {
  return static_cast<int>(db.scalar_int("PRAGMA user_version"));
}

void migrate(sqlite::Database& db, int target) {
  if (target < 0) target = latest_schema_version();
  int current = schema_version(db);
  if (current > latest_schema_version()) {
    throw sqlite::StorageError(db.file().string() + " has schema version " + std::to_string(current) +
                                   ", newer than this smartstored knows (" +
                                   std::to_string(latest_schema_version()) + ")",
                               ErrorKind::unsupported);
  }
  for (const auto& step : migrations()) {
    if (step.version <= current || step.version > target) continue;
    sqlite::Transaction tx(db);
    db.exec(step.sql);
    db.exec("PRAGMA user_version=" + std::to_string(step.version));
    tx.commit();
  }
}

}  // namespace smartstore::edge::store
