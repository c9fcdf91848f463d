#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "bench_registry.h"
#include "support/child_process.h"

namespace smartstore::bench {

std::vector<std::pair<std::string, BenchFunction>>& registered_benchmarks() {
  static std::vector<std::pair<std::string, BenchFunction>> all;
  return all;
}

BenchRegistration::BenchRegistration(std::string group, BenchFunction fn) {
  registered_benchmarks().emplace_back(std::move(group), std::move(fn));
}

double current_rss_mib() {
  return testing::proc_status_mib(::getpid(), "VmRSS:");
}
double peak_rss_mib() {
  return testing::proc_status_mib(::getpid(), "VmHWM:");
}

double percentile(std::vector<double> samples, double p) {
  if (samples.empty()) return 0;
  std::sort(samples.begin(), samples.end());
  double rank = p / 100.0 * static_cast<double>(samples.size() - 1);
  auto lo = static_cast<std::size_t>(rank);
  auto hi = std::min(lo + 1, samples.size() - 1);
  return samples[lo] + (samples[hi] - samples[lo]) * (rank - static_cast<double>(lo));
}

}  // namespace smartstore::bench

int main(int argc, char** argv) {
  using namespace smartstore::bench;
  std::string out = "bench/results.json";
  std::string only;
  BenchContext ctx;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--out" && i + 1 < argc)
      out = argv[++i];
    else if (a == "--only" && i + 1 < argc)
      only = argv[++i];
    else if (a == "--quick")
      ctx.quick = true;
    else {
      std::cerr << "usage: smartstore-bench [--out FILE] [--only GROUP] [--quick]\n";
      return 2;
    }
  }
  auto scratch = std::filesystem::temp_directory_path() / ("smartstore-bench-" + std::to_string(getpid()));
  std::vector<BenchResult> results;
  int failures = 0;
  for (auto& [group, fn] : registered_benchmarks()) {
    if (!only.empty() && group.find(only) == std::string::npos) continue;
    std::filesystem::remove_all(scratch);
    std::filesystem::create_directories(scratch);
    ctx.scratch_dir = scratch.string();
    std::cerr << "bench: " << group << " ..." << std::endl;
    try {
      for (auto& r : fn(ctx)) results.push_back(std::move(r));
    } catch (const std::exception& e) {
      std::cerr << "bench: " << group << " failed: " << e.what() << "\n";
      ++failures;
    }
  }
  std::filesystem::remove_all(scratch);

  nlohmann::json j = nlohmann::json::array();
  std::printf("%-36s %14s %-14s %14s %8s  %s\n", "name", "value", "unit", "baseline", "ratio", "baseline is");
  for (const auto& r : results) {
    double ratio = r.baseline != 0 ? r.value / r.baseline : 0;
    j.push_back({{"name", r.name},
                 {"value", r.value},
                 {"unit", r.unit},
                 {"baseline", r.baseline},
                 {"ratio", ratio},
                 {"baseline_name", r.baseline_name}});
    std::printf("%-36s %14.4f %-14s %14.4f %8.3f  %s\n", r.name.c_str(), r.value, r.unit.c_str(), r.baseline,
                ratio, r.baseline_name.c_str());
  }
  std::filesystem::create_directories(
      std::filesystem::path(out).parent_path().empty() ? "." : std::filesystem::path(out).parent_path());
  std::ofstream(out) << j.dump(2) << "\n";
  std::cerr << "bench: wrote " << out << "\n";
  return failures == 0 ? 0 : 1;
}
