#include "smartstore/edge/store/key_ring.h"

#include "journal_json.h"
#include "store_database.h"

namespace smartstore::edge::store {
namespace {
std::optional<Clock::time_point> time_column(sqlite::Statement& s, int column) {
  if (s.column_is_null(column)) return std::nullopt;
  return Clock::time_point(std::chrono::seconds(s.column_int(column)));
}
}  // namespace

std::map<int, CouponKey> KeyRing::coupon_keys() {
  auto guard = db_.lock();
  if (cache_) return *cache_;
  std::map<int, CouponKey> keys;
  sqlite::StatementScope s(
      db_.db().prepared("SELECT key_id, secret, not_after, retired_at FROM coupon_keys"));
  while (s->step()) {
    std::string secret = s->column_text(1);
    CouponKey& k = keys[static_cast<int>(s->column_int(0))];
    k.secret.assign(secret.begin(), secret.end());
    k.not_after = time_column(*s, 2);
    k.retired_at = time_column(*s, 3);
  }
  cache_ = keys;
  return keys;
}

std::optional<std::pair<int, std::vector<unsigned char>>> KeyRing::signing_key(Clock::time_point now,
                                                                               Clock::time_point expires) {
  const auto keys = coupon_keys();
  for (auto it = keys.rbegin(); it != keys.rend(); ++it) {
    const CouponKey& k = it->second;
    if (k.usable(now) && (!k.not_after || *k.not_after >= expires))
      return std::make_pair(it->first, k.secret);
  }
  return std::nullopt;
}

Status KeyRing::add(int key_id, const std::vector<unsigned char>& secret, Clock::time_point now,
                    std::optional<Clock::time_point> not_after) {
  auto guard = db_.lock();
  const auto keys = coupon_keys();
  if (auto it = keys.find(key_id); it != keys.end()) {
    if (it->second.secret == secret && !it->second.retired_at) return ok();
    return fail(ErrorKind::conflict,
                "coupon key " + std::to_string(key_id) +
                    (it->second.retired_at ? " was retired" : " is already stored with another secret") +
                    "; a key id is never reused",
                "storage");
  }
  sqlite::StatementScope s(db_.db().prepared(
      "INSERT INTO coupon_keys (key_id, secret, added_at, not_after) VALUES (?1, ?2, ?3, ?4)"));
  s->bind(1, std::int64_t{key_id}).bind_blob(2, secret.data(), secret.size()).bind(3, unix_seconds(now));
  if (not_after)
    s->bind(4, unix_seconds(*not_after));
  else
    s->bind_null(4);
  s->run();
  cache_.reset();
  return ok();
}

Status KeyRing::retire(int key_id, Clock::time_point now) {
  auto guard = db_.lock();
  if (!coupon_keys().contains(key_id))
    return fail(ErrorKind::not_found, "coupon key " + std::to_string(key_id) + " is not stored", "storage");
  sqlite::StatementScope s(
      db_.db().prepared("UPDATE coupon_keys SET retired_at = ?2 WHERE key_id = ?1 AND retired_at IS NULL"));
  s->bind(1, std::int64_t{key_id}).bind(2, unix_seconds(now));
  s->run();
  cache_.reset();
  return ok();
}

}  // namespace smartstore::edge::store
