#include "smartstore/common/sqlite/checkpointer.h"

#include <sqlite3.h>

#include <algorithm>

#include "smartstore/common/sqlite/database.h"

namespace smartstore::sqlite {

Checkpointer::Checkpointer(const std::filesystem::path& file, CheckpointerOptions options)
    : file_(file), options_(options) {
  open_if_ready(true);
  thread_ = std::thread([this] { run(); });
}

bool Checkpointer::open_if_ready(bool throw_on_error) {
  if (db_ != nullptr) return true;
  // Read-only storage, or the serving connection still reads the file
  // immutable (no -shm): a checkpoint now would change pages under it.
  std::error_code ec;
  if (!storage_access(file_).writable || !std::filesystem::exists(file_.string() + "-shm", ec)) return false;
  int rc = sqlite3_open_v2(file_.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = "checkpointer cannot open " + file_.string();
    if (db_ != nullptr) message += std::string(": ") + sqlite3_errmsg(db_);
    sqlite3_close(db_);
    db_ = nullptr;
    if (throw_on_error) throw StorageError(message, rc);
    return false;
  }
  // Checkpoints fsync the WAL before copying and the database after; FULL
  // keeps that regardless of SQLite's compile-time default.
  sqlite3_exec(db_, "PRAGMA synchronous=FULL", nullptr, nullptr, nullptr);
  std::lock_guard guard(mutex_);
  active_ = true;
  return true;
}

bool Checkpointer::active() {
  std::lock_guard guard(mutex_);
  return active_;
}

Checkpointer::~Checkpointer() {
  {
    std::lock_guard guard(mutex_);
    stop_ = true;
  }
  wake_.notify_one();
  thread_.join();
  sqlite3_close(db_);
}

void Checkpointer::nudge() {
  {
    std::lock_guard guard(mutex_);
    if (pending_since_) return;  // a flush is already owed; it will cover this commit too
    pending_since_ = std::chrono::steady_clock::now();
  }
  wake_.notify_one();
}

CheckpointStats Checkpointer::stats() {
  std::lock_guard guard(mutex_);
  CheckpointStats s = stats_;
  // Oldest first.
  if (s.flush_lag_ms.size() == options_.lag_samples) {
    std::rotate(s.flush_lag_ms.begin(), s.flush_lag_ms.begin() + static_cast<std::ptrdiff_t>(lag_next_),
                s.flush_lag_ms.end());
  }
  return s;
}

void Checkpointer::run() {
  std::unique_lock lock(mutex_);
  // A reader (or a bulk apply's own checkpoint) in the way: back off
  // exponentially up to the interval instead of retrying every 2 ms, since
  // each partial checkpoint also flushes the WAL.
  auto backoff = std::chrono::milliseconds(2);
  while (true) {
    wake_.wait_for(lock, options_.interval, [this] { return stop_ || pending_since_.has_value(); });
    const bool stopping = stop_;
    auto since = pending_since_;
    pending_since_.reset();
    lock.unlock();
    const bool complete = checkpoint_once(since);
    lock.lock();
    if (stopping) return;
    if (complete) {
      backoff = std::chrono::milliseconds(2);
      continue;
    }
    wake_.wait_for(lock, backoff, [this] { return stop_; });
    backoff = std::min(backoff * 2, std::chrono::duration_cast<std::chrono::milliseconds>(options_.interval));
  }
}

bool Checkpointer::checkpoint_once(std::optional<std::chrono::steady_clock::time_point> oldest_nudge) {
  // Nothing can have been committed while there is no connection to open:
  // waiting for writable storage is not a busy checkpoint (no back-off spin).
  if (!open_if_ready(false)) return true;
  int log_frames = 0;
  int copied = 0;
  int rc = sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_PASSIVE, &log_frames, &copied);
  const auto done = std::chrono::steady_clock::now();
  // SQLite fsyncs the WAL only when it can copy frames: a commit counts as
  // flushed when every frame was copied; otherwise it stays owed.
  const bool complete = rc == SQLITE_OK && copied >= log_frames;
  std::lock_guard guard(mutex_);
  ++stats_.runs;
  if (!complete) {
    ++stats_.busy;
    if (oldest_nudge && (!pending_since_ || *oldest_nudge < *pending_since_)) pending_since_ = oldest_nudge;
    return false;
  }
  stats_.last_wal_frames = log_frames;
  if (oldest_nudge && options_.lag_samples > 0) {
    double lag = std::chrono::duration<double, std::milli>(done - *oldest_nudge).count();
    if (stats_.flush_lag_ms.size() < options_.lag_samples) {
      stats_.flush_lag_ms.push_back(lag);
    } else {
      stats_.flush_lag_ms[lag_next_] = lag;
    }
    lag_next_ = (lag_next_ + 1) % options_.lag_samples;
  }
  return true;
}

}  // namespace smartstore::sqlite

namespace smartstore::sqlite {

CheckpointConnection::CheckpointConnection(const std::filesystem::path& file) {
  if (sqlite3_open_v2(file.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) !=
      SQLITE_OK) {
    sqlite3_close(db_);
    db_ = nullptr;
  }
}

CheckpointConnection::~CheckpointConnection() {
  sqlite3_close(db_);
}

bool CheckpointConnection::run() {
  if (db_ == nullptr) return false;
  sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
  return true;
}

}  // namespace smartstore::sqlite
