#pragma once
// What the kiosk store's role objects share: the one Database, the lock that
// serializes it, the meta table, and the one mapping of a write the disk
// refused. Private to edge/src/store: callers reach the roles through
// KioskStore, never this lock.
#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

#include "smartstore/common/result.h"
#include "smartstore/common/sqlite/database.h"

namespace smartstore::edge::store {

class StoreDatabase final {
 public:
  explicit StoreDatabase(std::unique_ptr<sqlite::Database> db) : db_(std::move(db)) {}

  // One role call's (or one with_session step's) hold of the lock. Recursive:
  // a role call inside a step, or one role calling another, re-enters it.
  // Records each call's wait for it (see lock_waits()).
  [[nodiscard]] std::unique_lock<std::recursive_mutex> lock();

  // How long lock() calls waited, in buckets of kLockWaitBoundsUs; read
  // under the lock. A call that did not wait is only counted (one increment
  // on the scan's path): it belongs in every bucket, which the reader adds.
  static constexpr std::array<std::uint64_t, 8> kLockWaitBoundsUs{100,    1'000,  5'000,   10'000,
                                                                  25'000, 50'000, 100'000, 250'000};
  struct LockWaits {
    std::array<std::uint64_t, kLockWaitBoundsUs.size()> waited_at_most{};  // waits <= each bound
    std::uint64_t waited = 0;
    std::uint64_t not_waited = 0;
    std::uint64_t sum_us = 0;
  };
  [[nodiscard]] const LockWaits& lock_waits() const { return lock_waits_; }
  [[nodiscard]] sqlite::Database& db() { return *db_; }

  [[nodiscard]] std::string meta(const std::string& key);
  // Inside the caller's transaction.
  void set_meta(const std::string& key, const std::string& value);

  // Runs `body` as one db.transaction(); a refusal of the disk comes back
  // named for the caller (see refused()).
  template <class Body>
  [[nodiscard]] Status write(std::string_view what, Body&& body,
                             sqlite::Durability durability = sqlite::Durability::connection_default) {
    return refused(db_->transaction(std::forward<Body>(body), durability), what);
  }
  // A write the disk refused (full, read-only, I/O): counted by kind and
  // prefixed with what was not done ("note not stored: ..."). Other errors
  // (a key collision, a bug) pass through as they are.
  [[nodiscard]] Status refused(Status written, std::string_view what);
  // Refused writes by kind: full | read_only | io.
  [[nodiscard]] const std::map<std::string, std::uint64_t>& write_failures() const { return write_failures_; }

 private:
  std::recursive_mutex mutex_;
  LockWaits lock_waits_;  // written with the lock held
  std::unique_ptr<sqlite::Database> db_;
  std::map<std::string, std::uint64_t> write_failures_;
};

}  // namespace smartstore::edge::store
