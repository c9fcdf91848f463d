// The HQ batch at 10,000,000 customers and 100,000,000 purchase lines, out
// of core (sharded_batch.h: run_budget_batch within the default 4 GiB), judged
// against the 4 GiB budget (peak memory) and against ten times the in-memory
// batch on a tenth of the customers in the same run (time: goal ratio 1.2).
// --quick: 200,000 customers within 64 MiB against 20,000 in memory.
// SMARTSTORE_BENCH_10M_CUSTOMERS=N runs N customers instead, and
// SMARTSTORE_BENCH_10M_BUDGET_MIB=M within M MiB: a machine whose disk or
// time cannot hold 10M (about 7.4 GB of CSV, 10 GB of snapshots and as much
// again of parts while merging) runs a tenth in a tenth of the budget, the
// same parts of the same relative size; the figures say how many ran.
#include <sys/resource.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>

#include "batch_child.h"
#include "bench_registry.h"
#include "smartstore/models/generator.h"
#include "smartstore/models/sharded_batch.h"

namespace {
using namespace smartstore::bench;
namespace m = smartstore::models;

double generate(const std::filesystem::path& dir, std::size_t customers) {
  m::GeneratorOptions g;
  g.customers = customers;
  g.purchases = customers * 10;
  g.seed = 2024;
  const auto t0 = std::chrono::steady_clock::now();
  const auto generated = m::generate_demo_data(g, dir / "in");
  if (!generated.has_value()) throw std::runtime_error(generated.error().message());
  return seconds_since(t0);
}

// A line on stderr per part as the run goes (in the child: its own CPU and
// high-water mark), so a run stopped early still says how far it got.
void report_progress(const std::string& stage, std::chrono::steady_clock::time_point t0) {
  rusage u{};
  ::getrusage(RUSAGE_SELF, &u);
  std::fprintf(stderr, "models_batch_10m: %s at %.1f s wall, %.1f s CPU, peak so far %.0f MiB\n",
               stage.c_str(), seconds_since(t0), cpu_of(u), peak_rss_mib());
}

std::uint64_t input_bytes(const m::BatchOptions& o) {
  std::uint64_t n = 0;
  for (const auto* f : {&o.inputs.purchases, &o.inputs.customers, &o.inputs.sessions})
    n += std::filesystem::file_size(*f);
  return n;
}

SMARTSTORE_BENCH("models_batch_10m") {
  const char* asked = std::getenv("SMARTSTORE_BENCH_10M_CUSTOMERS");
  const std::size_t customers = asked != nullptr ? std::strtoull(asked, nullptr, 10)
                                : ctx.quick      ? 200000
                                                 : 10000000;
  const char* budget_mib = std::getenv("SMARTSTORE_BENCH_10M_BUDGET_MIB");
  const std::uint64_t budget = budget_mib != nullptr ? std::strtoull(budget_mib, nullptr, 10) << 20
                               : ctx.quick           ? 64ULL << 20
                                                     : m::kDefaultMemoryBudget;
  const std::filesystem::path root = std::filesystem::path(ctx.scratch_dir) / "models-batch-10m";

  // The long run first, so one cut short has still reported its progress.
  const auto whole = root / "whole";
  const double generate_s = generate(whole, customers);
  std::fprintf(stderr, "models_batch_10m: generated %zu customers in %.1f s\n", customers, generate_s);
  m::BatchOptions o = demo_options(whole);
  o.out_dir = whole / "out";
  o.deployment_key.assign(32, 0x42);
  const auto parts = m::shards_for_budget(input_bytes(o), budget);
  const auto started = std::chrono::steady_clock::now();
  o.progress = [started](const std::string& stage, double) { report_progress(stage, started); };
  const ChildRun sharded = run_in_child([&] { return m::run_budget_batch(o, budget); });
  std::filesystem::remove_all(whole);
  std::fprintf(
      stderr,
      "models_batch_10m: %zu customers in %u parts within %llu MiB: %.1f s wall, %.1f s CPU, peak %.0f "
      "MiB (the bench process had %.0f MiB at fork); generated in %.1f s\n",
      customers, parts, static_cast<unsigned long long>(budget >> 20), sharded.wall_s, sharded.cpu_s,
      sharded.peak_mib, sharded.rss_at_fork_mib, generate_s);

  // The baseline: the in-memory batch on a tenth of the customers, ×10.
  const auto tenth = root / "tenth";
  generate(tenth, customers / 10);
  m::BatchOptions small = demo_options(tenth);
  small.out_dir = tenth / "out";
  small.deployment_key.assign(32, 0x42);
  const ChildRun in_memory = run_batch_in_child(small);
  std::fprintf(stderr, "models_batch_10m: in memory, %zu customers: %.1f s wall, %.1f s CPU, peak %.0f MiB\n",
               customers / 10, in_memory.wall_s, in_memory.cpu_s, in_memory.peak_mib);
  std::filesystem::remove_all(root);
  return {{"profile_batch_10m_s", sharded.wall_s, "s", 10 * in_memory.wall_s,
           "the in-memory batch on a tenth of the customers x10 (same run)"},
          {"profile_batch_10m_cpu_s", sharded.cpu_s, "s", 10 * in_memory.cpu_s,
           "the in-memory batch's CPU on a tenth x10"},
          {"profile_batch_10m_peak_mib", sharded.peak_mib, "mib", static_cast<double>(budget >> 20),
           "the memory budget"},
          {"profile_batch_10m_parts", parts, "parts", 1, "the in-memory batch"},
          {"profile_batch_10m_customers", sharded.customers, "customers", 10000000, "issue 21's 10M"},
          {"profile_batch_10m_purchases", sharded.purchases, "rows", 100000000, "issue 21's 100M"}};
}

}  // namespace
