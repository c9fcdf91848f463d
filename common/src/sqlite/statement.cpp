// Statements, and the one switch from SQLite's result codes to ErrorKinds.
#include <sqlite3.h>

#include "smartstore/common/sqlite/database.h"

namespace smartstore::sqlite {
namespace {

ErrorKind kind_of(int sqlite_code) {
  switch (sqlite_code & 0xff) {
    case SQLITE_FULL:
      return ErrorKind::storage_full;
    case SQLITE_READONLY:
      return ErrorKind::storage_read_only;
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
      return ErrorKind::storage_io;
    case SQLITE_CONSTRAINT:
      return ErrorKind::conflict;
    default:
      return ErrorKind::internal;
  }
}

[[noreturn]] void fail(sqlite3* db, int rc, std::string_view what) {
  std::string message(what);
  message += ": ";
  message += db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  throw StorageError(message, rc);
}

}  // namespace

StorageError::StorageError(const std::string& what, int sqlite_code)
    : std::runtime_error(what), kind_(kind_of(sqlite_code)), cause_(sqlite3_errstr(sqlite_code)) {}

StorageError::StorageError(const std::string& what, ErrorKind kind)
    : std::runtime_error(what), kind_(kind), cause_(to_string(kind)) {}

std::optional<Error> StorageError::refusal(std::string_view what) const {
  if (kind_ != ErrorKind::storage_full && kind_ != ErrorKind::storage_read_only &&
      kind_ != ErrorKind::storage_io)
    return std::nullopt;
  // "storage full (database or disk is full): note not stored"
  std::string message(to_string(kind_));
  message[message.find('_')] = ' ';
  message += " (" + cause_ + "): ";
  message += what;
  message += std::string(" (") + this->what() + ")";  // names the file
  return Error(kind_, std::move(message), "storage");
}

Error StorageError::error() const {
  return Error(kind_, what(), "storage");
}

Statement::Statement(sqlite3* db, std::string_view sql) : db_(db), sql_(sql) {
  attach(db);
}

Statement::~Statement() {
  sqlite3_finalize(stmt_);
}

void Statement::detach() {
  sqlite3_finalize(stmt_);
  stmt_ = nullptr;
  constraint_failed_ = false;
}

void Statement::attach(sqlite3* db) {
  db_ = db;
  int rc = sqlite3_prepare_v3(db, sql_.data(), static_cast<int>(sql_.size()), SQLITE_PREPARE_PERSISTENT,
                              &stmt_, nullptr);
  if (rc != SQLITE_OK) fail(db, rc, "prepare \"" + sql_.substr(0, 60) + "\"");
}

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
Statement& Statement::bind_static(int index, std::string_view text) {
  sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
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
  fail(db_, rc, "step \"" + sql_.substr(0, 60) + "\"");
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

std::int64_t Statement::column_int(int col) const {
  return sqlite3_column_int64(stmt_, col);
}
double Statement::column_double(int col) const {
  return sqlite3_column_double(stmt_, col);
}
bool Statement::column_is_null(int col) const {
  return sqlite3_column_type(stmt_, col) == SQLITE_NULL;
}
std::string Statement::column_text(int col) const {
  const auto* p = sqlite3_column_text(stmt_, col);
  if (p == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(p),
                     static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)));
}

}  // namespace smartstore::sqlite
