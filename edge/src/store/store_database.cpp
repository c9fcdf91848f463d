#include "store_database.h"

#include <chrono>

namespace smartstore::edge::store {

std::unique_lock<std::recursive_mutex> StoreDatabase::lock() {
  std::unique_lock guard(mutex_, std::try_to_lock);
  if (guard.owns_lock()) {  // free or re-entered: no wait to count
    ++lock_waits_.not_waited;
    return guard;
  }
  const auto asked = std::chrono::steady_clock::now();
  guard.lock();
  const auto us = static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - asked)
          .count());
  ++lock_waits_.waited;
  lock_waits_.sum_us += us;
  for (std::size_t i = 0; i < kLockWaitBoundsUs.size(); ++i)
    if (us <= kLockWaitBoundsUs[i]) ++lock_waits_.waited_at_most[i];
  return guard;
}

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
