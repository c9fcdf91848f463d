#include "smartstore/edge/store/profile_cache.h"

#include "smartstore/models/snapshot_format.h"
#include "store_database.h"

namespace smartstore::edge::store {

ProfileCache::ProfileCache(StoreDatabase& db)
    : db_(db), active_(db.meta("active_profiles") == "b" ? "profiles_b" : "profiles_a") {}

std::string ProfileCache::staging_table() const {
  return active_ == "profiles_a" ? "profiles_b" : "profiles_a";
}

std::string ProfileCache::resolve_alias(const std::string& member_key) {
  auto guard = db_.lock();
  std::string key = member_key;
  // Merges can chain (a -> b -> c); a bound stops a cycle HQ should never send.
  for (int hop = 0; hop < 8; ++hop) {
    sqlite::StatementScope s(db_.db().prepared("SELECT new_key FROM aliases WHERE old_key = ?1"));
    s->bind(1, key);
    if (!s->step()) break;
    key = s->column_text(0);
  }
  return key;
}

ProfileCache::Member ProfileCache::find_member(const std::string& member_key) {
  auto guard = db_.lock();
  auto& db = db_.db();
  // The usual case, a key with no alias, in one statement: one read
  // transaction (a WAL read lock) per scan instead of one per query.
  Member m;
  std::string body;
  {
    sqlite::StatementScope s(db.prepared(
        active_ == "profiles_b" ? "SELECT (SELECT new_key FROM aliases WHERE old_key = ?1), "
                                  "(SELECT body FROM profiles_b WHERE member_key = ?1), "
                                  "EXISTS (SELECT 1 FROM consent_withdrawals WHERE member_key = ?1)"
                                : "SELECT (SELECT new_key FROM aliases WHERE old_key = ?1), "
                                  "(SELECT body FROM profiles_a WHERE member_key = ?1), "
                                  "EXISTS (SELECT 1 FROM consent_withdrawals WHERE member_key = ?1)"));
    s->bind(1, member_key);
    if (!s->step()) return m;
    if (s->column_is_null(0)) {
      m.consent_withdrawn = s->column_int(2) != 0;
      if (s->column_is_null(1)) return m;
      body = s->column_text(1);
    }
  }
  std::string key = member_key;
  if (body.empty()) {  // merged or reissued: the profile is under the surviving key
    key = resolve_alias(member_key);
    sqlite::StatementScope s(db.prepared(active_ == "profiles_b"
                                             ? "SELECT body FROM profiles_b WHERE member_key = ?1"
                                             : "SELECT body FROM profiles_a WHERE member_key = ?1"));
    s->bind(1, key);
    if (s->step()) body = s->column_text(0);
  }
  if (!body.empty()) {
    auto decoded = models::decode_profile(body);
    // Not decoding cannot happen: bodies are validated before they are stored.
    if (decoded) m.profile = std::move(*decoded);
  }
  if (key != member_key) {
    // The list names the key the scan is journalled under: the survivor's
    // when it is cached, else the scanned one.
    sqlite::StatementScope s(db.prepared("SELECT 1 FROM consent_withdrawals WHERE member_key = ?1"));
    s->bind(1, m.profile ? m.profile->member_key : member_key);
    m.consent_withdrawn = s->step();
  }
  return m;
}

std::optional<models::CustomerProfile> ProfileCache::find(const std::string& member_key) {
  return find_member(member_key).profile;
}

std::uint64_t ProfileCache::count() {
  auto guard = db_.lock();
  return static_cast<std::uint64_t>(db_.db().scalar_int("SELECT count(*) FROM " + active_));
}

void ProfileCache::put(const std::string& table, const models::CustomerProfile& p) {
  sqlite::StatementScope s(
      db_.db().prepared("INSERT OR REPLACE INTO " + table + " (member_key, body) VALUES (?1, ?2)"));
  s->bind(1, p.member_key).bind(2, models::encode_profile(p));
  s->run();
}

Status ProfileCache::load(const std::vector<models::CustomerProfile>& profiles) {
  auto guard = db_.lock();
  Status loaded = db_.write("profiles not loaded", [&](sqlite::Transaction&) {
    db_.db().exec("DELETE FROM " + active_);
    for (const auto& p : profiles) put(active_, p);
  });
  if (loaded) db_.db().checkpoint_passive();
  return loaded;
}

std::optional<models::PreferenceModel> ProfileCache::preference_model() {
  auto guard = db_.lock();
  std::string text = db_.meta("snapshot_manifest");
  if (text.empty()) return std::nullopt;
  auto m = models::decode_manifest(text);
  if (!m) return std::nullopt;
  return m->preference_model;
}

}  // namespace smartstore::edge::store
