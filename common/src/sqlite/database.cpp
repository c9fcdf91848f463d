#include "smartstore/common/sqlite/database.h"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <functional>
#include <unordered_map>

namespace smartstore::sqlite {
namespace {

// SQLite creates files with the process umask; the kiosk database holds
// member keys and coupon keys, so it is made 0600 before SQLite opens it
// (the -wal and -shm files inherit the main file's permissions).
// Returns errno when the file cannot be opened for writing.
int create_private(const std::filesystem::path& file) {
  int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return errno;
  ::fchmod(fd, 0600);
  ::close(fd);
  return 0;
}

std::string errno_text(const std::filesystem::path& path, int err) {
  return path.string() + ": " + std::strerror(err);
}

// A file: URI (mode=ro, immutable=1 need one): '%', '?' and '#' are escaped.
std::string file_uri(const std::filesystem::path& file, const char* query) {
  std::string uri = "file:";
  for (char c : file.string()) {
    if (c == '%' || c == '?' || c == '#') {
      static constexpr char hex[] = "0123456789ABCDEF";
      uri += '%';
      uri += hex[(static_cast<unsigned char>(c) >> 4) & 0xf];
      uri += hex[static_cast<unsigned char>(c) & 0xf];
    } else {
      uri += c;
    }
  }
  return uri + "?" + query;
}

std::int64_t steady_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

StorageAccess storage_access(const std::filesystem::path& file) {
  std::filesystem::path dir = file.parent_path();
  if (dir.empty()) dir = ".";
  if (::access(dir.c_str(), W_OK | X_OK) != 0) return {false, errno_text(dir, errno)};
  for (const char* suffix : {"", "-wal", "-shm"}) {
    std::filesystem::path p = file.string() + suffix;
    if (::access(p.c_str(), F_OK) == 0 && ::access(p.c_str(), W_OK) != 0)
      return {false, errno_text(p, errno)};
  }
  return {true, {}};
}

std::optional<int> peek_user_version(const std::filesystem::path& file) {
  for (const char* query : {"mode=ro", "mode=ro&immutable=1"}) {
    sqlite3* db = nullptr;
    std::optional<int> version;
    if (sqlite3_open_v2(file_uri(file, query).c_str(), &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI,
                        nullptr) == SQLITE_OK) {
      sqlite3_stmt* s = nullptr;
      if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &s, nullptr) == SQLITE_OK &&
          sqlite3_step(s) == SQLITE_ROW)
        version = sqlite3_column_int(s, 0);
      sqlite3_finalize(s);
    }
    sqlite3_close(db);
    if (version) return version;
  }
  return std::nullopt;
}

// Looked up by string_view on every statement: no key string built per call.
struct SqlHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view sql) const { return std::hash<std::string_view>{}(sql); }
};

struct Database::Cache {
  std::unordered_map<std::string, std::unique_ptr<Statement>, SqlHash, std::equal_to<>> statements;
};

Database::Database(const std::filesystem::path& file, DatabaseOptions options)
    : file_(file),
      options_(options),
      cache_(std::make_unique<Cache>()),
      synchronous_full_(options.synchronous_full) {
  if (options.read_only) {
    std::error_code ec;
    if (!std::filesystem::exists(file, ec))
      throw StorageError("cannot open " + file.string() + ": no such file", SQLITE_CANTOPEN);
    open_read_only("opened read-only");
    return;
  }
  const int err = create_private(file);
  if (err == 0) {
    open_writable();
    return;
  }
  // Read-only storage: an existing database is still worth reading (lookups
  // go on); a missing one cannot be created, and that is the error.
  std::error_code ec;
  const bool exists = std::filesystem::exists(file, ec);
  if (!options.allow_read_only || !exists || (err != EROFS && err != EACCES && err != EPERM))
    throw StorageError("cannot create " + errno_text(file, err), SQLITE_CANTOPEN);
  open_read_only(errno_text(file, err));
}

void Database::open_writable() {
  int rc = sqlite3_open_v2(file_.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = "cannot open " + file_.string();
    if (db_ != nullptr) message += std::string(": ") + sqlite3_errmsg(db_);
    sqlite3_close(db_);
    db_ = nullptr;
    throw StorageError(message, rc);
  }
  try {
    configure();
  } catch (...) {
    sqlite3_close(db_);
    db_ = nullptr;
    throw;
  }
}

// A WAL database opened read-only needs its -shm: SQLite reads one that is
// there (after a crash, with the -wal's commits) but cannot create it on
// read-only storage. After a clean stop there is neither -wal nor -shm, and
// `immutable=1` reads the main file without the shared memory; with a -wal
// but no -shm its commits stay invisible until the storage is writable again.
void Database::open_read_only(const std::string& why) {
  read_only_ = true;
  read_only_reason_ = why;
  const char* how = "mode=ro";
  for (const char* query : {"mode=ro", "mode=ro&immutable=1"}) {
    how = query;
    int rc = sqlite3_open_v2(file_uri(file_, query).c_str(), &db_,
                             SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI, nullptr);
    if (rc == SQLITE_OK)
      rc = sqlite3_exec(db_, "SELECT count(*) FROM sqlite_schema", nullptr, nullptr, nullptr);
    if (rc == SQLITE_OK) break;
    std::string message = "cannot open " + file_.string() + " read-only";
    if (db_ != nullptr) message += std::string(": ") + sqlite3_errmsg(db_);
    sqlite3_close(db_);
    db_ = nullptr;
    if ((rc & 0xff) != SQLITE_CANTOPEN || std::string_view(query) != "mode=ro")
      throw StorageError(message, rc);
  }
  configure();
  if (options_.read_only) return;  // on purpose: nothing to warn about
  std::error_code ec;
  const bool wal_left = std::filesystem::file_size(file_.string() + "-wal", ec) > 0 && !ec;
  spdlog::warn(
      "storage: {} is read-only ({}): reads served, writes refused until it is writable again ({}{})",
      file_.string(), why, how,
      wal_left && std::string_view(how) != "mode=ro" ? "; the -wal's last commits are not visible" : "");
}

void Database::configure() {
  sqlite3_busy_timeout(db_, 5000);
  if (!read_only_) exec("PRAGMA journal_mode=WAL");
  exec(options_.synchronous_full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
  exec("PRAGMA foreign_keys=ON");
  exec("PRAGMA cache_size=-" + std::to_string(options_.cache_kib));
  if (!options_.auto_checkpoint) exec("PRAGMA wal_autocheckpoint=0");
  // A WAL that grew during a snapshot apply is cut back when it restarts.
  exec("PRAGMA journal_size_limit=67108864");
}

bool Database::try_become_writable() {
  if (!read_only_) return true;
  if (options_.read_only) return false;
  if (!storage_access(file_).writable) return false;
  // A statement mid-step would lose its place: try again at the next write.
  for (sqlite3_stmt* s = sqlite3_next_stmt(db_, nullptr); s != nullptr; s = sqlite3_next_stmt(db_, s))
    if (sqlite3_stmt_busy(s) != 0) return false;
  for (auto& [sql, stmt] : cache_->statements) stmt->detach();
  // The read-only connection goes first: SQLite shares one -shm mapping per
  // file within a process, and a read-write connection opened beside a
  // read-only one inherits its read-only mapping (every write then fails
  // with "attempt to write a readonly database" until a restart).
  sqlite3_close_v2(db_);  // an uncached statement still open keeps it alive until finalized
  db_ = nullptr;
  read_only_ = false;
  try {
    if (create_private(file_) != 0) throw StorageError("still read-only", SQLITE_READONLY);
    open_writable();
  } catch (const StorageError&) {
    open_read_only(read_only_reason_);
    for (auto& [sql, stmt] : cache_->statements) stmt->attach(db_);
    return false;
  }
  for (auto& [sql, stmt] : cache_->statements) stmt->attach(db_);
  spdlog::info("storage: {} is writable again: writes resume ({} refused while read-only)", file_.string(),
               read_only_refusals_);
  read_only_reason_.clear();
  return true;
}

void Database::refuse_write() {
  ++read_only_refusals_;
  const std::int64_t now = steady_seconds();
  // One line a minute: a kiosk refusing every scan must not flood its log.
  if (!options_.read_only && (read_only_refusals_ == 1 || now - last_refusal_log_s_ >= 60)) {
    last_refusal_log_s_ = now;
    spdlog::warn("storage: write refused: {} is read-only ({}); {} refused so far", file_.string(),
                 read_only_reason_, read_only_refusals_);
  }
  throw StorageError(file_.string() + " is read-only (" + read_only_reason_ + "): nothing written",
                     SQLITE_READONLY);
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
  auto it = cache_->statements.find(sql);
  if (it != cache_->statements.end()) return *it->second;
  auto stmt = std::make_unique<Statement>(db_, sql);
  auto& ref = *stmt;
  cache_->statements.emplace(std::string(sql), std::move(stmt));
  return ref;
}

void Database::run_cached(std::string_view sql) {
  Statement& s = prepared(sql);
  try {
    s.step();
  } catch (...) {
    s.reset();
    throw;
  }
  s.reset();
}

std::int64_t Database::changes() const {
  return sqlite3_changes64(db_);
}

bool Database::in_transaction() const {
  return sqlite3_get_autocommit(db_) == 0;
}

std::unique_ptr<Statement> Database::statement(std::string_view sql) {
  return std::make_unique<Statement>(db_, sql);
}

bool Database::integrity_ok() {
  Statement s(db_, "PRAGMA integrity_check");
  return s.step() && s.column_text(0) == "ok";
}

std::int64_t Database::scalar_int(std::string_view sql) {
  Statement s(db_, sql);
  return s.step() ? s.column_int(0) : 0;
}

Transaction::Transaction(Database& db, Durability durability) : db_(db) {
  if (db_.read_only() && !db_.try_become_writable()) db_.refuse_write();
  forced_ = durability == Durability::synced && !db_.synchronous_full();
  if (forced_) db_.force_full_sync(true);
  try {
    db_.run_cached("BEGIN IMMEDIATE");
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
    if (!done_ && db_.in_transaction()) db_.run_cached("ROLLBACK");
  } catch (...) {  // NOLINT: a failed rollback leaves SQLite to roll back on close
  }
  try {
    if (forced_) db_.force_full_sync(false);
  } catch (...) {  // NOLINT: nothing more to do in a destructor
  }
}

void Transaction::commit() {
  db_.run_cached("COMMIT");
  done_ = true;
  if (forced_) {
    forced_ = false;
    db_.force_full_sync(false);
  }
}

}  // namespace smartstore::sqlite
