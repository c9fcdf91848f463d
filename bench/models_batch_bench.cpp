// The HQ batch on generated demo data (issue 3): 1,000,000 customers and
// exactly ten million purchase lines (the generator's purchase target),
// judged against merely reading the same CSVs (seconds) and the 4 GiB budget
// (peak memory). --quick: 20,000 customers, 200,000 lines.
//
// The batch runs in a forked child so its peak memory is its own (ru_maxrss
// from wait4), not the generator's or another benchmark's high-water mark in
// this process. The child reports its figures through a pipe.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <string>

#include "bench_registry.h"
#include "smartstore/models/generator.h"
#include "smartstore/models/lpoint_csv.h"
#include "smartstore/models/profile_batch.h"

namespace {
using namespace smartstore::bench;
namespace m = smartstore::models;

struct ChildRun {
  double wall_s = 0, cpu_s = 0, peak_mib = 0, rss_at_fork_mib = 0;
  double purchases = 0;
  std::string stages;  // "read 3.1/5.2 s, ..." wall/cpu per stage
};

double cpu_of(const rusage& u) {
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) * 1e-6;
}

ChildRun run_batch_in_child(const m::BatchOptions& o) {
  ChildRun run;
  run.rss_at_fork_mib = current_rss_mib();
  int fds[2];
  if (::pipe(fds) != 0) throw std::runtime_error("pipe failed");
  std::fflush(nullptr);
  const auto t0 = std::chrono::steady_clock::now();
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    ::close(fds[0]);
    const auto r = m::run_profile_batch(o);
    std::string out = r ? "ok " + std::to_string(r->purchases) + "\n" : "error " + r.error().message() + "\n";
    for (const auto& s : r ? r->stages : std::vector<m::BatchStageTime>{}) {
      char line[160];
      std::snprintf(line, sizeof line, "%s %.1f/%.1f s; ", s.stage.c_str(), s.wall_s, s.cpu_s);
      out += line;
    }
    (void)!::write(fds[1], out.data(), out.size());
    ::_exit(r.has_value() ? 0 : 1);
  }
  ::close(fds[1]);
  std::string text;
  char buf[4096];
  for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;) text.append(buf, static_cast<std::size_t>(n));
  ::close(fds[0]);
  int status = 0;
  rusage usage{};
  ::wait4(pid, &status, 0, &usage);
  run.wall_s = seconds_since(t0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || text.rfind("ok ", 0) != 0)
    throw std::runtime_error("the batch failed: " + text);
  run.cpu_s = cpu_of(usage);
  run.peak_mib = static_cast<double>(usage.ru_maxrss) / 1024.0;  // KiB on Linux
  run.purchases = std::stod(text.substr(3));
  run.stages = text.substr(text.find('\n') + 1);
  return run;
}

SMARTSTORE_BENCH("models_batch") {
  const std::filesystem::path dir = std::filesystem::path(ctx.scratch_dir) / "models-batch";
  m::GeneratorOptions g;
  g.customers = ctx.quick ? 20000 : 1000000;
  g.purchases = g.customers * 10;  // issue 3: 1M customers, 10M purchases
  g.seed = 2024;
  auto t0 = std::chrono::steady_clock::now();
  const auto generated = m::generate_demo_data(g, dir / "in");
  if (!generated.has_value()) throw std::runtime_error(generated.error().message());
  const double generate_s = seconds_since(t0);

  m::BatchOptions o;
  o.inputs.customers = (dir / "in/customers.csv").string();
  o.inputs.purchases = (dir / "in/purchases.csv").string();
  o.inputs.products = (dir / "in/products.csv").string();
  o.inputs.sessions = (dir / "in/sessions.csv").string();
  o.inputs.members = (dir / "in/members.csv").string();
  o.inputs.store_zones = (dir / "in/stores.csv").string();
  o.out_dir = dir / "out";
  o.deployment_key.assign(32, 0x42);
  const ChildRun batch = run_batch_in_child(o);
  std::fprintf(
      stderr,
      "models_batch: %.1f s wall, %.1f s CPU, peak %.0f MiB (this process had %.0f MiB at fork); %s\n",
      batch.wall_s, batch.cpu_s, batch.peak_mib, batch.rss_at_fork_mib, batch.stages.c_str());

  // Baseline: only reading the files the batch reads, one after the other.
  t0 = std::chrono::steady_clock::now();
  {
    const auto c = m::read_customers((dir / "in/customers.csv").string());
    const auto p = m::read_purchases((dir / "in/purchases.csv").string());
    const auto pr = m::read_products((dir / "in/products.csv").string());
    const auto s = m::read_sessions((dir / "in/sessions.csv").string());
    if (!c.ok() || !p.ok() || !pr.ok() || !s.ok()) throw std::runtime_error("demo CSVs did not read");
  }
  const double read_s = seconds_since(t0);
  std::filesystem::remove_all(dir);
  return {{"profile_batch_1m_s", batch.wall_s, "s", read_s, "lpoint CSV read"},
          {"profile_batch_1m_cpu_s", batch.cpu_s, "s", 2 * batch.wall_s, "2 cores x the batch's wall time"},
          {"profile_batch_1m_peak_mib", batch.peak_mib, "mib", 4096, "memory budget"},
          {"demo_generate_1m_s", generate_s, "s", batch.wall_s, "the batch on the same data"},
          {"profile_batch_1m_purchases", batch.purchases, "rows", 10000000, "issue 3's purchase count"}};
}
}  // namespace
