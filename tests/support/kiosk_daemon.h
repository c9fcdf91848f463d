#pragma once
// A real smartstored with its broker link and HTTP API (KioskDaemon), staff
// scans posted to it one after another over a keep-alive connection
// (HttpScans), and its resident memory sampled from /proc while it works
// (RssSampler): the snapshot_apply_daemon bench and the daemon apply memory
// test.
#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "support/child_process.h"

namespace smartstore::testing {

// smartstored on `dir`/data, store S001, syncing with the broker at
// `broker_uri` (plain TCP, as the tests' broker) and serving HTTP on a free
// loopback port to one staff token.
class KioskDaemon {
 public:
  KioskDaemon(std::filesystem::path program, const std::filesystem::path& dir, const std::string& broker_uri,
              const std::vector<unsigned char>& deployment_key);
  ~KioskDaemon();
  KioskDaemon(const KioskDaemon&) = delete;
  KioskDaemon& operator=(const KioskDaemon&) = delete;

  // Starts it and waits until it is ready and its agent connected; throws otherwise.
  void start();
  void stop();
  [[nodiscard]] pid_t pid() const { return process_->pid(); }
  [[nodiscard]] bool running() { return process_ && process_->running(); }
  [[nodiscard]] std::uint16_t http_port() const { return http_port_; }
  [[nodiscard]] static std::string staff_token();
  [[nodiscard]] std::filesystem::path data_dir() const { return dir_ / "data"; }
  [[nodiscard]] std::string log() const { return process_ ? process_->log() : std::string(); }
  // VmHWM := VmRSS (Linux's clear_refs "5"); false when the kernel refused.
  bool reset_peak();
  // The kiosk's applied snapshot version, read from its database (WAL: no
  // lock the daemon waits for); -1 when it cannot be read.
  [[nodiscard]] std::int64_t snapshot_version() const;
  // GET /metrics (Prometheus text) as a scraper on this machine; throws when not 200.
  [[nodiscard]] std::string metrics() const;

 private:
  std::filesystem::path program_, dir_;
  std::uint16_t http_port_ = 0;
  std::unique_ptr<ChildProcess> process_;
};

// CPU time, and time runnable but waiting for a CPU (run queue), summed over
// a process's threads (/proc/PID/task/*/schedstat), in seconds: what the
// machine's load costs the process, apart from what it waits for itself.
struct ThreadTimes {
  double cpu_s = 0, runqueue_s = 0;
};
ThreadTimes thread_times(pid_t pid);

// POST /api/v1/scans of `numbers` in turn (round robin) with `pause` between
// answers, timing each, until stopped.
class HttpScans {
 public:
  HttpScans(std::uint16_t port, const std::string& token, const std::vector<std::string>& numbers,
            std::size_t first, std::chrono::milliseconds pause);
  ~HttpScans();
  HttpScans(const HttpScans&) = delete;
  HttpScans& operator=(const HttpScans&) = delete;
  // Ends the scans: each one's milliseconds, in order.
  std::vector<double> stop();
  // When each scan was sent, in the same order (read after stop()).
  [[nodiscard]] const std::vector<std::chrono::steady_clock::time_point>& sent_at() const { return sent_at_; }
  // Answers that were not 200 with a known member (the cache lost someone).
  [[nodiscard]] std::uint64_t missed() const { return missed_; }
  [[nodiscard]] std::string last_failure() const;

 private:
  void run(std::uint16_t port, std::string token, const std::vector<std::string>& numbers, std::size_t next,
           std::chrono::milliseconds pause);
  std::atomic<bool> stop_{false};
  std::atomic<std::uint64_t> missed_{0};
  std::string failure_;  // written by the thread, read after it ended
  std::vector<double> samples_ms_;
  std::vector<std::chrono::steady_clock::time_point> sent_at_;
  std::thread thread_;
};

// VmRSS of a process every `period` until stopped: the largest and the mean.
class RssSampler {
 public:
  RssSampler(pid_t pid, std::chrono::milliseconds period);
  ~RssSampler();
  RssSampler(const RssSampler&) = delete;
  RssSampler& operator=(const RssSampler&) = delete;
  struct Figures {
    double max_mib = 0, mean_mib = 0;
    double max_at_s = 0;  // seconds after the sampler started
    std::size_t samples = 0;
  };
  Figures stop();

 private:
  std::atomic<bool> stop_{false};
  Figures f_;
  std::thread thread_;
};

}  // namespace smartstore::testing
