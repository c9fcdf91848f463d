#include "smartstore/edge/store/key_ring.h"

#include "journal_json.h"
#include "store_database.h"

namespace smartstore::edge::store {

std::map<int, std::vector<unsigned char>> KeyRing::coupon_keys() {
  auto guard = db_.lock();
  if (cache_) return *cache_;
  std::map<int, std::vector<unsigned char>> keys;
  sqlite::StatementScope s(db_.db().prepared("SELECT key_id, secret FROM coupon_keys"));
  while (s->step()) {
    std::string secret = s->column_text(1);
    keys[static_cast<int>(s->column_int(0))] = std::vector<unsigned char>(secret.begin(), secret.end());
  }
  cache_ = keys;
  return keys;
}

void KeyRing::add(int key_id, const std::vector<unsigned char>& secret, Clock::time_point now) {
  auto guard = db_.lock();
  sqlite::StatementScope s(
      db_.db().prepared("INSERT OR REPLACE INTO coupon_keys (key_id, secret, added_at) VALUES (?1, ?2, ?3)"));
  s->bind(1, std::int64_t{key_id}).bind_blob(2, secret.data(), secret.size()).bind(3, unix_seconds(now));
  s->run();
  cache_.reset();
}

}  // namespace smartstore::edge::store
