#pragma once
// The house's one SQLite wrapper (the kiosk store and HQ's store): a
// connection with prepared statements that live as long as it, and
// transactions run as
//   Status s = db.transaction([&](Transaction&) -> Status { ...; return ok(); });
// which commit when the body returns ok and roll back otherwise. SQLite's
// result codes become ErrorKinds here and nowhere else. A Database is not
// thread-safe: its owner serializes access. SQLite itself stays private to
// smartstore_common (no sqlite3.h above this layer).
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>

#include "smartstore/common/error.h"
#include "smartstore/common/result.h"

struct sqlite3;
struct sqlite3_stmt;

namespace smartstore::sqlite {

// SQLite failed in a way the caller cannot fix by changing input (disk, I/O,
// corruption). Constraint violations a caller expects are reported as values.
class StorageError : public std::runtime_error {
 public:
  // `sqlite_code` becomes a kind by the one switch (statement.cpp).
  StorageError(const std::string& what, int sqlite_code);
  // A failure the caller names itself: a key collision (conflict), a schema
  // newer than the program (unsupported).
  StorageError(const std::string& what, ErrorKind kind);
  // storage_full, storage_read_only or storage_io when the disk refused;
  // conflict for a constraint; internal for anything else (a bug).
  [[nodiscard]] ErrorKind kind() const { return kind_; }
  // The refusal a caller can report ("storage full (...): <what>"), or nullopt
  // when this is not the disk refusing (a bug: let it propagate).
  [[nodiscard]] std::optional<Error> refusal(std::string_view what) const;
  // The Error a transaction() returns for it (origin "storage").
  [[nodiscard]] Error error() const;

 private:
  ErrorKind kind_;
  std::string cause_;  // SQLite's words for the code ("database or disk is full")
};

class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, double value);
  Statement& bind(int index, std::string_view text);
  // Binds without copying: `text` must stay alive until the next reset().
  Statement& bind_static(int index, std::string_view text);
  Statement& bind_blob(int index, const void* data, std::size_t size);
  Statement& bind_null(int index);
  // true: a row is ready; false: done. Throws StorageError on failure,
  // except SQLITE_CONSTRAINT which returns false and sets constraint_failed().
  bool step();
  // Runs to completion and resets; returns whether a constraint failed.
  bool run();
  void reset();  // clears bindings too

  [[nodiscard]] bool constraint_failed() const { return constraint_failed_; }
  [[nodiscard]] std::int64_t column_int(int col) const;
  [[nodiscard]] double column_double(int col) const;
  [[nodiscard]] std::string column_text(int col) const;
  [[nodiscard]] bool column_is_null(int col) const;

 private:
  friend class Database;
  // A Database that reopens its connection (read-only -> writable) moves its
  // cached statements over: references callers hold stay valid.
  void detach();
  void attach(sqlite3* db);

  sqlite3* db_;
  std::string sql_;
  sqlite3_stmt* stmt_ = nullptr;
  bool constraint_failed_ = false;
};

// Whether the database file (and its directory, -wal and -shm) can be
// written now. access(2) also sees a read-only mount, even for root.
struct StorageAccess {
  bool writable = false;
  std::string why;  // when not writable: the path and the errno text
};
[[nodiscard]] StorageAccess storage_access(const std::filesystem::path& file);

// PRAGMA user_version of an existing file, read over a bare read-only
// connection (no Database: that would log the file's read-only state). Tries
// mode=ro first (it reads a -wal left by a crash, with its -shm), then
// immutable (when there is no -shm). nullopt when neither can read it.
[[nodiscard]] std::optional<int> peek_user_version(const std::filesystem::path& file);

struct DatabaseOptions {
  // NORMAL: a power cut may lose the last transactions but never corrupts
  // (WAL). FULL: every commit is on disk before it returns. See docs/edge-storage.md.
  bool synchronous_full = true;
  // Page cache: the B-tree interior pages of 1M profiles are ~5 MiB; the rest
  // of a lookup is one leaf the OS page cache already holds. No mmap: an I/O
  // error on a mapped page is a SIGBUS, not an error value.
  std::int64_t cache_kib = 16384;
  // false: wal_autocheckpoint=0, a Checkpointer does it off the scan path.
  bool auto_checkpoint = true;
  // An existing file on read-only storage (a failing SD card remounted ro) is
  // opened read-only instead of failing: reads work, every Transaction is
  // refused with SQLITE_READONLY until the storage is writable again, when the
  // connection is reopened read-write on the next Transaction.
  bool allow_read_only = true;
  // Open an existing file read-only on purpose (a report tool): nothing is
  // created or written, and nothing is logged about it.
  bool read_only = false;
};

// How a transaction reaches the disk. `synced`: fsynced before commit returns
// even on a NORMAL connection (redemptions, notes: loss would be a double use
// or lost work).
enum class Durability { connection_default, synced };

class Database {
 public:
  // Creates the file 0600 when missing; WAL, foreign keys on. Throws
  // StorageError when the file cannot be opened (or, read-only, does not exist).
  explicit Database(const std::filesystem::path& file, DatabaseOptions options = {});
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // Runs `body` in one write transaction (BEGIN IMMEDIATE): commits when it
  // returns ok (or void), rolls back when it returns an Error or throws. A
  // StorageError becomes the Error returned; other exceptions propagate.
  template <class Body>
  Status transaction(Body&& body, Durability durability = Durability::connection_default);

  void exec(std::string_view sql);
  // A statement prepared once and kept for the connection's life.
  Statement& prepared(std::string_view sql);
  // A statement without results (BEGIN, COMMIT, ...) run through the cache:
  // parsed once per connection, not on every transaction.
  void run_cached(std::string_view sql);
  [[nodiscard]] std::int64_t changes() const;
  [[nodiscard]] std::int64_t scalar_int(std::string_view sql);
  // A statement of its own (not cached), for SQL built at run time.
  [[nodiscard]] std::unique_ptr<Statement> statement(std::string_view sql);
  [[nodiscard]] bool in_transaction() const;
  [[nodiscard]] bool integrity_ok();
  [[nodiscard]] bool synchronous_full() const { return synchronous_full_; }
  // Temporarily FULL (true) or back to the connection's setting (false); outside transactions only.
  void force_full_sync(bool on);
  // A PASSIVE checkpoint on this connection (bulk paths keep the WAL bounded).
  void checkpoint_passive();
  [[nodiscard]] const std::filesystem::path& file() const { return file_; }

  // Opened read-only because the storage was; `read_only_reason` names the path.
  [[nodiscard]] bool read_only() const { return read_only_; }
  [[nodiscard]] const std::string& read_only_reason() const { return read_only_reason_; }
  // Read-only and the storage is writable again: reopen read-write (cached
  // statements move over). false when still read-only. Transaction calls it.
  bool try_become_writable();
  // Writes refused because the connection is read-only (since start).
  [[nodiscard]] std::uint64_t read_only_refusals() const { return read_only_refusals_; }

 private:
  friend class Transaction;
  struct Cache;
  void open_writable();
  void open_read_only(const std::string& why);
  void configure();
  // Counts, logs (rate-limited) and throws the named read-only refusal.
  [[noreturn]] void refuse_write();

  std::filesystem::path file_;
  DatabaseOptions options_;
  sqlite3* db_ = nullptr;
  std::unique_ptr<Cache> cache_;
  bool synchronous_full_ = true;
  bool read_only_ = false;
  std::string read_only_reason_;
  std::uint64_t read_only_refusals_ = 0;
  std::int64_t last_refusal_log_s_ = 0;
};

// BEGIN IMMEDIATE on construction; ROLLBACK on destruction unless commit().
class Transaction {
 public:
  explicit Transaction(Database& db, Durability durability = Durability::connection_default);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit();

 private:
  Database& db_;
  bool done_ = false;
  bool forced_ = false;
};

template <class Body>
Status Database::transaction(Body&& body, Durability durability) {
  try {
    Transaction tx(*this, durability);
    if constexpr (std::is_void_v<std::invoke_result_t<Body&, Transaction&>>) {
      body(tx);
    } else {
      Status s = body(tx);
      if (!s) return s;  // ~Transaction rolls back
    }
    tx.commit();
    return ok();
  } catch (const StorageError& e) {
    return e.error();
  }
}

// A connection of its own for PASSIVE checkpoints (which never block the
// writer), so their fsyncs happen without the serving connection's owner's lock.
class CheckpointConnection {
 public:
  // Not open when the file cannot be opened read-write; run() then says so.
  explicit CheckpointConnection(const std::filesystem::path& file);
  ~CheckpointConnection();
  CheckpointConnection(const CheckpointConnection&) = delete;
  CheckpointConnection& operator=(const CheckpointConnection&) = delete;
  // false: no connection; the caller checkpoints on its own connection instead.
  bool run();

 private:
  sqlite3* db_ = nullptr;
};

// Resets a held statement when the scope ends, so a half-read SELECT never
// keeps a WAL read snapshot open.
class StatementScope {
 public:
  explicit StatementScope(Statement& s) : s_(s) { s_.reset(); }
  ~StatementScope() { s_.reset(); }
  StatementScope(const StatementScope&) = delete;
  StatementScope& operator=(const StatementScope&) = delete;
  Statement* operator->() { return &s_; }
  Statement& operator*() { return s_; }

 private:
  Statement& s_;
};

}  // namespace smartstore::sqlite
