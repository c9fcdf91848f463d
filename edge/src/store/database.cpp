#include "smartstore/edge/store/database.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <unordered_map>

namespace smartstore::edge::store {
namespace {

[[noreturn]] void fail(sqlite3* db, int rc, std::string_view what) {
  std::string message(what);
  message += ": ";
  message += db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  throw StorageError(message, rc);
}

// SQLite creates files with the process umask; the kiosk database holds
// member keys and coupon keys, so it is made 0600 before SQLite opens it
// (the -wal and -shm files inherit the main file's permissions).
void create_private(const std::filesystem::path& file) {
  int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) throw StorageError("cannot create " + file.string(), SQLITE_CANTOPEN);
  ::fchmod(fd, 0600);
  ::close(fd);
}

}  // namespace

Statement::Statement(sqlite3* db, std::string_view sql) : db_(db) {
  int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt_,
                              nullptr);
  if (rc != SQLITE_OK) fail(db, rc, "prepare \"" + std::string(sql.substr(0, 60)) + "\"");
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement& Statement::bind(int index, std::int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}
Statement& Statement::bind(int index, double value) {
  sqlite3_bind_double(stmt_, index, value);
  return *this;
}
Statement& Statement::bind(int index, std::string_view text) {
  sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  return *this;
}
Statement& Statement::bind_blob(int index, const void* data, std::size_t size) {
  sqlite3_bind_blob(stmt_, index, data, static_cast<int>(size), SQLITE_TRANSIENT);
  return *this;
}
Statement& Statement::bind_null(int index) {
  sqlite3_bind_null(stmt_, index);
  return *this;
}

bool Statement::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  if ((rc & 0xff) == SQLITE_CONSTRAINT) {
    constraint_failed_ = true;
    return false;
  }
  fail(db_, rc, "step");
}

bool Statement::run() {
  while (step()) {
  }
  bool failed = constraint_failed_;
  reset();
  return failed;
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  constraint_failed_ = false;
}

std::int64_t Statement::column_int(int col) const { return sqlite3_column_int64(stmt_, col); }
double Statement::column_double(int col) const { return sqlite3_column_double(stmt_, col); }
bool Statement::column_is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
std::string Statement::column_text(int col) const {
  const auto* p = sqlite3_column_text(stmt_, col);
  if (p == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)));
}

struct Database::Cache {
  std::unordered_map<std::string, std::unique_ptr<Statement>> statements;
};

Database::Database(const std::filesystem::path& file, DatabaseOptions options)
    : file_(file), cache_(std::make_unique<Cache>()), synchronous_full_(options.synchronous_full) {
  create_private(file);
  int rc = sqlite3_open_v2(file.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = "cannot open " + file.string();
    if (db_ != nullptr) message += std::string(": ") + sqlite3_errmsg(db_);
    sqlite3_close(db_);
    throw StorageError(message, rc);
  }
  sqlite3_busy_timeout(db_, 5000);
  exec("PRAGMA journal_mode=WAL");
  exec(options.synchronous_full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
  exec("PRAGMA foreign_keys=ON");
  exec("PRAGMA cache_size=-" + std::to_string(options.cache_kib));
  if (!options.auto_checkpoint) exec("PRAGMA wal_autocheckpoint=0");
  // A WAL that grew during a snapshot apply is cut back when it restarts.
  exec("PRAGMA journal_size_limit=67108864");
}

void Database::force_full_sync(bool on) {
  if (synchronous_full_) return;
  exec(on ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
}

void Database::checkpoint_passive() {
  sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
}

Database::~Database() {
  cache_.reset();  // statements before the connection
  sqlite3_close(db_);
}

void Database::exec(std::string_view sql) {
  std::string text(sql);
  char* err = nullptr;
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string message = err != nullptr ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    throw StorageError("exec \"" + text.substr(0, 60) + "\": " + message, rc);
  }
}

Statement& Database::prepared(std::string_view sql) {
  auto it = cache_->statements.find(std::string(sql));
  if (it != cache_->statements.end()) return *it->second;
  auto stmt = std::make_unique<Statement>(db_, sql);
  auto& ref = *stmt;
  cache_->statements.emplace(std::string(sql), std::move(stmt));
  return ref;
}

std::int64_t Database::changes() const { return sqlite3_changes64(db_); }

std::int64_t Database::scalar_int(std::string_view sql) {
  Statement s(db_, sql);
  return s.step() ? s.column_int(0) : 0;
}

Transaction::Transaction(Database& db, Durability durability) : db_(db) {
  forced_ = durability == Durability::synced && !db_.synchronous_full();
  if (forced_) db_.force_full_sync(true);
  try {
    db_.exec("BEGIN IMMEDIATE");
  } catch (...) {
    if (forced_) db_.force_full_sync(false);
    throw;
  }
}

Transaction::~Transaction() {
  // A failed COMMIT (disk full, I/O error) may have rolled back already: a
  // second ROLLBACK would throw. Each step is separate so the connection never
  // stays on forced FULL sync after a failure.
  try {
    if (!done_ && sqlite3_get_autocommit(db_.handle()) == 0) db_.exec("ROLLBACK");
  } catch (...) {  // NOLINT: a failed rollback leaves SQLite to roll back on close
  }
  try {
    if (forced_) db_.force_full_sync(false);
  } catch (...) {  // NOLINT: nothing more to do in a destructor
  }
}

void Transaction::commit() {
  db_.exec("COMMIT");
  done_ = true;
  if (forced_) {
    forced_ = false;
    db_.force_full_sync(false);
  }
}

}  // namespace smartstore::edge::store
