#pragma once
// Moves WAL checkpoints off the scan path. The serving connection runs with
// wal_autocheckpoint=0; this thread, on its own connection, runs PASSIVE
// checkpoints (which never block the writer) when nudged after a commit and
// at least every `interval`. A checkpoint first fsyncs the WAL, so it is also
// the point at which commits made with synchronous=NORMAL become power-safe:
// `flush_lag` measures how long after a nudge that happened.
// docs/edge-storage.md "Durability" explains the trade.
// On read-only storage it holds no connection and checkpoints nothing; it
// opens one once the storage is writable and the serving connection has
// reopened it in WAL mode (the -shm is back), checking every `interval`.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

struct sqlite3;

namespace smartstore::sqlite {

struct CheckpointerOptions {
  std::chrono::milliseconds interval{1000};  // idle checkpoint period
  std::size_t lag_samples = 4096;            // bounded ring of flush lags kept for stats
};

struct CheckpointStats {
  std::uint64_t runs = 0;
  std::uint64_t busy = 0;            // checkpoints that could not copy every frame (a reader in the way)
  std::int64_t last_wal_frames = 0;  // WAL size in frames after the last run
  std::vector<double> flush_lag_ms;  // nudge -> WAL fsynced, most recent last
};

class Checkpointer {
 public:
  // Opens its own connection to `file` (already created and in WAL mode), or
  // waits for writable storage (see above).
  Checkpointer(const std::filesystem::path& file, CheckpointerOptions options);
  // Stops the thread after one last checkpoint.
  ~Checkpointer();
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

  // A commit that should become power-safe promptly; cheap, never blocks on I/O.
  void nudge();
  [[nodiscard]] CheckpointStats stats();
  // Holding a connection (false while the storage is read-only).
  [[nodiscard]] bool active();

 private:
  void run();
  // Opens the connection when the storage allows; true when one is open.
  bool open_if_ready(bool throw_on_error);
  // True when every WAL frame was copied (the nudged commits are on disk).
  bool checkpoint_once(std::optional<std::chrono::steady_clock::time_point> oldest_nudge);

  std::filesystem::path file_;
  CheckpointerOptions options_;
  sqlite3* db_ = nullptr;  // only the checkpoint thread touches it after construction
  bool active_ = false;    // db_ != nullptr, under mutex_
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::optional<std::chrono::steady_clock::time_point> pending_since_;  // oldest nudge not yet flushed
  CheckpointStats stats_;
  std::size_t lag_next_ = 0;
  std::thread thread_;  // last: starts after everything above is ready
};

}  // namespace smartstore::sqlite
