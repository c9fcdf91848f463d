// The snapshot apply as a kiosk lives it: the real smartstored (this build),
// holding the previous 1,000,000 profiles, with its broker link to a real
// mosquitto, receives HQ's next 1M-profile snapshot published by the real
// `smartstore-hq publish`, stages every chunk and applies it, while a staff
// client keeps posting scans of members of both snapshots to its HTTP API
// (the real scan path: member key, profile, policy, signed coupon, journal).
// Measured from outside: the daemon's VmRSS sampled every 50 ms and its VmHWM
// over the publish and apply (reset just before), against its VmRSS idle with
// the old snapshot; the time from the publish to the new version being
// active, against the publish alone (every chunk acknowledged by the broker);
// scan p99 and slowest scan during the apply against the idle scans of the
// same run. --quick: 50,000 profiles.
#include <algorithm>
#include <cstdio>
#include <map>
#include <random>
#include <regex>
#include <sstream>
#include <stdexcept>

#include "bench_registry.h"
#include "edge_scan_daemon.h"
#include "smartstore/edge/store/kiosk_store.h"
#include "smartstore/models/member_key.h"
#include "support/apply_probe.h"
#include "tests/support/kiosk_daemon.h"
#include "tests/support/member_numbers.h"
#include "tests/support/mosquitto_broker.h"

namespace {
using namespace smartstore;
using namespace smartstore::bench;
using testing::HttpScans;
using testing::KioskDaemon;
using testing::proc_status_mib;
using testing::RssSampler;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

constexpr std::size_t kPerChunk = 5'000;  // HQ's batch writes chunks of 5,000 profiles
constexpr auto kScanPause = 5ms;

std::string card_number(std::uint64_t i) {
  return testing::with_luhn_digit(std::to_string(100000000000000ULL + i));  // 15 digits + check
}

// The kiosk database holding version 1 of the n members, applied from HQ's
// files as the agent applies staged ones (the bench's own process: its memory
// is not measured).
void seed_kiosk(const fs::path& data_dir, const fs::path& stage_dir) {
  sync::detail::SnapshotStage stage(stage_dir, std::uint64_t{8} << 30);
  auto complete = stage.take_if_complete(1);
  if (!complete) throw std::runtime_error("seed: version 1 is not complete in " + stage_dir.string());
  fs::create_directories(data_dir);
  edge::store::StoreOptions so;
  so.store_id = "S001";
  edge::store::KioskStore store(data_dir / "kiosk.db", so);
  if (auto applied = store.downlink().apply_snapshot(complete->manifest, *complete->chunks); !applied)
    throw std::runtime_error("seed: " + applied.error().message());
}

// smartstore_store_lock_wait_seconds from the daemon's /metrics: calls whose
// wait was <= each bound (seconds), all calls, the sum of the waits.
struct LockWaits {
  std::map<double, double> at_most;
  double count = 0, sum_s = 0;

  LockWaits since(const LockWaits& before) const {
    LockWaits d = *this;
    for (auto& [le, n] : d.at_most) n -= before.at_most.count(le) ? before.at_most.at(le) : 0;
    d.count -= before.count;
    d.sum_s -= before.sum_s;
    return d;
  }
  // The smallest bound at least 99% of the waits were within (ms); -1 unknown.
  double p99_bound_ms() const {
    for (const auto& [le, n] : at_most)
      if (count > 0 && n >= 0.99 * count) return le * 1e3;
    return -1;
  }
  double share_over_ms(double ms) const {
    for (const auto& [le, n] : at_most)
      if (le * 1e3 >= ms && count > 0) return 1 - n / count;
    return -1;
  }
};

LockWaits lock_waits(const KioskDaemon& daemon) {
  LockWaits w;
  std::istringstream in(daemon.metrics());
  static const std::regex bucket(
      R"re(smartstore_store_lock_wait_seconds_bucket\{le="([0-9.e+-]+)"\} ([0-9]+))re");
  std::smatch m;
  for (std::string line; std::getline(in, line);) {
    if (std::regex_match(line, m, bucket))
      w.at_most[std::stod(m[1].str())] = std::stod(m[2].str());
    else if (line.rfind("smartstore_store_lock_wait_seconds_count ", 0) == 0)
      w.count = std::stod(line.substr(line.find(' ') + 1));
    else if (line.rfind("smartstore_store_lock_wait_seconds_sum ", 0) == 0)
      w.sum_s = std::stod(line.substr(line.find(' ') + 1));
  }
  return w;
}

testing::ThreadTimes operator-(testing::ThreadTimes a, const testing::ThreadTimes& b) {
  return {a.cpu_s - b.cpu_s, a.runqueue_s - b.runqueue_s};
}

struct Run {
  double idle_rss_mib = 0, idle_hwm_mib = 0;
  double peak_hwm_mib = 0;  // VmHWM after the apply (reset before the publish when the kernel allows)
  bool peak_reset = false;
  RssSampler::Figures sampled;
  // Seconds after the publish began: smartstore-hq publish returned (the
  // broker acknowledged every chunk), every chunk staged and verified, the
  // new version active (the swap committed), the apply returned (the retired
  // table emptied too, in batches that compete with scans).
  double publish_s = -1, staged_s = -1, active_s = -1, applied_s = -1;
  double store_apply_s = -1;  // the daemon's own "applied (... s)" log figure
  std::vector<double> idle_scan_ms, scan_ms;
  std::vector<double> scan_at_s;  // when each of scan_ms was sent, after the publish began
  std::uint64_t missed = 0;
  std::string failure;
  // Where the time went: the daemon's store lock waits (its metrics; empty
  // for a daemon without them) and its threads' CPU and run-queue time, idle
  // and over the publish + apply.
  LockWaits idle_waits, apply_waits;
  testing::ThreadTimes idle_threads, apply_threads;
  double idle_s = 0;
};

// The daemon's "sync: snapshot v2 applied (N profiles, X s)" seconds, or -1.
double logged_apply_s(const std::string& log) {
  std::smatch m;
  static const std::regex re(R"(snapshot v2 applied \(\d+ profiles, ([0-9.]+) s\))");
  return std::regex_search(log, m, re) ? std::stod(m[1].str()) : -1;
}

// Polls until the daemon's apply of version 2 returned, noting when each step was reached.
void follow_apply(Run& r, KioskDaemon& daemon, testing::ChildProcess& publish,
                  std::chrono::steady_clock::time_point t0) {
  while (r.store_apply_s < 0) {
    if (r.publish_s < 0 && !publish.running()) {
      if (publish.wait(0ms) != 0) throw std::runtime_error("smartstore-hq publish failed: " + publish.log());
      r.publish_s = seconds_since(t0);
    }
    if (r.staged_s < 0 && daemon.log().find("snapshot v2 staged and verified") != std::string::npos)
      r.staged_s = seconds_since(t0);
    if (r.staged_s >= 0 && r.active_s < 0 && daemon.snapshot_version() == 2) r.active_s = seconds_since(t0);
    if (r.active_s >= 0) r.store_apply_s = logged_apply_s(daemon.log());
    if (!daemon.running()) throw std::runtime_error("smartstored ended during the apply: " + daemon.log());
    if (seconds_since(t0) > 3600) throw std::runtime_error("snapshot v2 not applied within an hour");
    std::this_thread::sleep_for(100ms);
  }
  r.applied_s = seconds_since(t0);
}

Run publish_and_apply(KioskDaemon& daemon, const std::string& broker_uri, const fs::path& hq_dir,
                      const fs::path& log_dir, const std::vector<std::string>& scan_numbers,
                      std::chrono::milliseconds idle) {
  Run r;
  {
    const LockWaits waits = lock_waits(daemon);
    const testing::ThreadTimes threads = testing::thread_times(daemon.pid());
    const auto idle_t0 = std::chrono::steady_clock::now();
    HttpScans scans(daemon.http_port(), KioskDaemon::staff_token(), scan_numbers, 0, kScanPause);
    std::this_thread::sleep_for(idle);
    r.idle_scan_ms = scans.stop();
    r.missed += scans.missed();
    r.idle_s = seconds_since(idle_t0);
    r.idle_threads = testing::thread_times(daemon.pid()) - threads;
    r.idle_waits = lock_waits(daemon).since(waits);
  }
  const LockWaits waits = lock_waits(daemon);
  const testing::ThreadTimes threads = testing::thread_times(daemon.pid());
  r.idle_rss_mib = proc_status_mib(daemon.pid(), "VmRSS:");
  r.idle_hwm_mib = proc_status_mib(daemon.pid(), "VmHWM:");
  r.peak_reset = daemon.reset_peak() && proc_status_mib(daemon.pid(), "VmHWM:") < r.idle_hwm_mib + 1;
  RssSampler sampler(daemon.pid(), 50ms);
  HttpScans scans(daemon.http_port(), KioskDaemon::staff_token(), scan_numbers, r.idle_scan_ms.size(),
                  kScanPause);
  const auto t0 = std::chrono::steady_clock::now();
  const fs::path hq = smartstored_program().parent_path().parent_path() / "sync" / "smartstore-hq";
  testing::ChildProcess publish(hq, {"publish", "--broker", broker_uri, "--store", "S001", hq_dir.string()},
                                log_dir / "publish.log");
  follow_apply(r, daemon, publish, t0);
  r.scan_ms = scans.stop();
  r.apply_threads = testing::thread_times(daemon.pid()) - threads;
  r.apply_waits = lock_waits(daemon).since(waits);
  r.sampled = sampler.stop();
  r.peak_hwm_mib = proc_status_mib(daemon.pid(), "VmHWM:");
  r.missed += scans.missed();
  r.failure = scans.last_failure();
  for (const auto& at : scans.sent_at())
    r.scan_at_s.push_back(std::chrono::duration<double>(at - t0).count());
  return r;
}

// Scan p99 of the scans sent within [from, to) seconds after the publish began.
double p99_between(const Run& r, double from, double to) {
  std::vector<double> in;
  for (std::size_t i = 0; i < r.scan_ms.size(); ++i)
    if (r.scan_at_s[i] >= from && r.scan_at_s[i] < to) in.push_back(r.scan_ms[i]);
  return percentile(in, 99);
}

// Card numbers of `wanted` members spread over the n, shuffled.
std::vector<std::string> scan_numbers(std::size_t n, std::size_t wanted) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < n && out.size() < wanted; i += std::max<std::size_t>(1, n / wanted))
    out.push_back(card_number(i));
  std::mt19937_64 rng(7);
  std::shuffle(out.begin(), out.end(), rng);
  return out;
}

}  // namespace

SMARTSTORE_BENCH("snapshot_apply_daemon") {
  const std::size_t n = ctx.quick ? 50'000 : 1'000'000;
  const fs::path dir = ctx.scratch_dir;
  if (!fs::exists(smartstored_program()))
    throw std::runtime_error(smartstored_program().string() + " is not built");
  const std::vector<unsigned char> deployment_key(32, 3);
  models::MemberKeyer keyer(deployment_key);
  auto key_of = [&keyer](std::size_t i) { return keyer.key(card_number(i)); };
  auto t0 = std::chrono::steady_clock::now();
  // Version 1 where the agent stages it (SnapshotStage reads <dir>/v1), version 2 where HQ's batch writes it.
  testing::apply_probe::write_keyed_snapshot(dir / "seed" / "v1", n, kPerChunk, key_of, 1);
  testing::apply_probe::write_keyed_snapshot(dir / "hq", n, kPerChunk, key_of, 2);
  seed_kiosk(dir / "kiosk" / "data", dir / "seed");
  fs::remove_all(dir / "seed");
  std::fprintf(stderr, "snapshot_apply_daemon: %zu profiles generated and version 1 cached in %.1f s\n", n,
               seconds_since(t0));

  testing::MosquittoBroker broker(dir / "broker");
  KioskDaemon daemon(smartstored_program(), dir / "kiosk", broker.uri(), deployment_key);
  daemon.start();
  const Run r =
      publish_and_apply(daemon, broker.uri(), dir / "hq", dir, scan_numbers(n, 2'000), ctx.quick ? 2s : 5s);
  daemon.stop();
  const double broker_hwm = proc_status_mib(broker.pid(), "VmHWM:");
  std::fprintf(stderr,
               "snapshot_apply_daemon: smartstored idle VmRSS %.1f MiB (VmHWM %.1f since start); over the "
               "publish and apply VmHWM %.1f MiB (%s), sampled VmRSS max %.1f at %.1f s, mean %.1f (%zu "
               "samples); broker VmHWM %.0f MiB\n",
               r.idle_rss_mib, r.idle_hwm_mib, r.peak_hwm_mib, r.peak_reset ? "reset before" : "NOT reset",
               r.sampled.max_mib, r.sampled.max_at_s, r.sampled.mean_mib, r.sampled.samples, broker_hwm);
  std::fprintf(
      stderr,
      "snapshot_apply_daemon: after the publish began: publish returned %.1f s, staged %.1f s, "
      "active %.1f s, applied %.1f s (the daemon's apply %.1f s); scans: %zu idle (p99 %.2f ms), "
      "%zu during (p99 receiving %.2f, applying %.2f, emptying the old table %.2f ms); %llu failed or "
      "missed (%s)\n",
      r.publish_s, r.staged_s, r.active_s, r.applied_s, r.store_apply_s, r.idle_scan_ms.size(),
      percentile(r.idle_scan_ms, 99), r.scan_ms.size(), p99_between(r, 0, r.staged_s),
      p99_between(r, r.staged_s, r.active_s), p99_between(r, r.active_s, r.applied_s),
      static_cast<unsigned long long>(r.missed), r.failure.c_str());
  std::fprintf(stderr,
               "snapshot_apply_daemon: store lock waits idle: %.0f calls, p99 <= %.1f ms, mean %.3f ms; "
               "publish + apply: %.0f calls, p99 <= %.1f ms, mean %.3f ms, %.2f%% over 10 ms. Daemon threads "
               "idle: %.2f CPU s, %.2f s waiting for a CPU in %.1f s; publish + apply: %.2f CPU s, %.2f s "
               "waiting for a CPU in %.1f s\n",
               r.idle_waits.count, r.idle_waits.p99_bound_ms(),
               r.idle_waits.count > 0 ? r.idle_waits.sum_s * 1e3 / r.idle_waits.count : -1,
               r.apply_waits.count, r.apply_waits.p99_bound_ms(),
               r.apply_waits.count > 0 ? r.apply_waits.sum_s * 1e3 / r.apply_waits.count : -1,
               100 * r.apply_waits.share_over_ms(10), r.idle_threads.cpu_s, r.idle_threads.runqueue_s,
               r.idle_s, r.apply_threads.cpu_s, r.apply_threads.runqueue_s, r.applied_s);
  if (r.missed != 0) throw std::runtime_error("scans failed or missed a member: " + r.failure);
  if (r.scan_ms.size() < 10) throw std::runtime_error("too few scans were answered during the apply");

  const std::string size = ctx.quick ? "50k" : "1m";
  const double peak = r.peak_reset ? r.peak_hwm_mib : r.sampled.max_mib;
  return {{"snapshot_apply_" + size + "_peak_rss_mib", peak, "mib", r.idle_rss_mib,
           "smartstored idle with the old snapshot (VmRSS); value: its VmHWM over the publish + apply"},
          {"snapshot_apply_daemon_rss_max_mib", r.sampled.max_mib, "mib", r.idle_rss_mib,
           "smartstored idle (VmRSS); value: largest VmRSS sampled every 50 ms"},
          {"snapshot_apply_daemon_publish_to_applied_s", r.applied_s, "s", r.publish_s,
           "smartstore-hq publish until the broker acknowledged every chunk"},
          {"snapshot_apply_daemon_scan_p99_ms", percentile(r.scan_ms, 99), "ms",
           percentile(r.idle_scan_ms, 99), "HTTP scan p99, the daemon idle before the publish"},
          {"snapshot_apply_daemon_scan_max_ms", percentile(r.scan_ms, 100), "ms",
           percentile(r.idle_scan_ms, 100), "slowest HTTP scan, idle before the publish"},
          {"snapshot_apply_daemon_lock_wait_p99_ms", r.apply_waits.p99_bound_ms(), "ms",
           r.idle_waits.p99_bound_ms(),
           "store lock waits idle (bucket bound; -1: no lock metrics); value: over the publish + apply"},
          {"snapshot_apply_daemon_runqueue_per_cpu_s", r.apply_threads.runqueue_s / r.apply_threads.cpu_s,
           "s", r.idle_threads.runqueue_s / r.idle_threads.cpu_s,
           "daemon threads' wait for a CPU per CPU second, idle; value: over the publish + apply"}};
}
