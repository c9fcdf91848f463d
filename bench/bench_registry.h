#pragma once
// Benchmarks register themselves here; smartstore-bench runs them, prints a
// table and writes bench/results.json. Every figure carries the baseline it is
// judged against, measured in the same run, so ratios survive slow machines.
#include <time.h>

#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace smartstore::bench {

struct BenchResult {
  std::string name;   // snake_case with the unit last: scan_to_coupon_p99_ms
  double value = 0;
  std::string unit;   // ms, s, mib, events_per_s, pct, ...
  double baseline = 0;
  std::string baseline_name;  // what the baseline is, for the table
};

struct BenchContext {
  std::string scratch_dir;  // a fresh directory for files
  bool quick = false;       // --quick: smaller data for a smoke run
};

using BenchFunction = std::function<std::vector<BenchResult>(const BenchContext&)>;

struct BenchRegistration {
  BenchRegistration(std::string group, BenchFunction fn);
};

std::vector<std::pair<std::string, BenchFunction>>& registered_benchmarks();

// Seconds since `start` as a double.
inline double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}
// CPU seconds the calling thread has used. Single-threaded cases compared on
// a shared machine are timed by it: time spent descheduled while other work
// runs counts on neither side.
inline double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}
// Resident set size now and at peak, from /proc/self/status, in MiB.
double current_rss_mib();
double peak_rss_mib();
// p in [0,100] of unsorted samples.
double percentile(std::vector<double> samples, double p);

}  // namespace smartstore::bench

#define SMARTSTORE_BENCH_CAT2(a, b) a##b
#define SMARTSTORE_BENCH_CAT(a, b) SMARTSTORE_BENCH_CAT2(a, b)
// SMARTSTORE_BENCH("group") { ... return {BenchResult...}; }
#define SMARTSTORE_BENCH(group)                                                                        \
  static std::vector<::smartstore::bench::BenchResult> SMARTSTORE_BENCH_CAT(bench_fn_, __LINE__)(      \
      const ::smartstore::bench::BenchContext&);                                                       \
  static ::smartstore::bench::BenchRegistration SMARTSTORE_BENCH_CAT(bench_reg_, __LINE__)(            \
      group, SMARTSTORE_BENCH_CAT(bench_fn_, __LINE__));                                               \
  static std::vector<::smartstore::bench::BenchResult> SMARTSTORE_BENCH_CAT(bench_fn_, __LINE__)(      \
      [[maybe_unused]] const ::smartstore::bench::BenchContext& ctx)
