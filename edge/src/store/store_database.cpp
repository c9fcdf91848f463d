#include "store_database.h"

namespace smartstore::edge::store {

std::string StoreDatabase::meta(const std::string& key) {
  auto guard = lock();
  sqlite::StatementScope s(db_->prepared("SELECT value FROM meta WHERE key = ?1"));
  s->bind(1, key);
  return s->step() ? s->column_text(0) : std::string();
}

void StoreDatabase::set_meta(const std::string& key, const std::string& value) {
  sqlite::StatementScope s(
      db_->prepared("INSERT INTO meta (key, value) VALUES (?1, ?2) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value"));
  s->bind(1, key).bind(2, value);
  s->run();
}

Status StoreDatabase::refused(Status written, std::string_view what) {
  if (written || !is_storage_refusal(written.error().kind()) ||
      written.error().kind() == ErrorKind::outbox_full)
    return written;
  // Metrics label: full | read_only | io.
  ++write_failures_[std::string(
      to_string(written.error().kind()).substr(std::string_view("storage_").size()))];
  return written.error().context(what);
}

}  // namespace smartstore::edge::store
