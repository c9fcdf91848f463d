#include "batch_child.h"

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <stdexcept>
#include <vector>

#include "bench_registry.h"

namespace smartstore::bench {
double cpu_of(const rusage& u) {
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) * 1e-6;
}

namespace {

// The child's report: "ok <purchases> <customers>\n" then its stages.
[[noreturn]] void report_and_exit(const Result<models::BatchResult>& r, int fd) {
  std::string out = r ? "ok " + std::to_string(r->purchases) + " " + std::to_string(r->customers) + "\n"
                      : "error " + r.error().message() + "\n";
  for (const auto& s : r ? r->stages : std::vector<models::BatchStageTime>{}) {
    char line[160];
    std::snprintf(line, sizeof line, "%s %.1f/%.1f s; ", s.stage.c_str(), s.wall_s, s.cpu_s);
    out += line;
  }
  (void)!::write(fd, out.data(), out.size());
  ::_exit(r.has_value() ? 0 : 1);
}

}  // namespace

ChildRun run_in_child(const std::function<Result<models::BatchResult>()>& batch) {
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
    report_and_exit(batch(), fds[1]);
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
  std::size_t at = 3;
  run.purchases = std::stod(text.substr(at), &at);
  run.customers = std::stod(text.substr(3 + at));
  run.stages = text.substr(text.find('\n') + 1);
  return run;
}

ChildRun run_batch_in_child(const models::BatchOptions& o) {
  return run_in_child([&] { return models::run_profile_batch(o); });
}

models::BatchOptions demo_options(const std::filesystem::path& dir) {
  models::BatchOptions o;
  o.inputs.customers = (dir / "in/customers.csv").string();
  o.inputs.purchases = (dir / "in/purchases.csv").string();
  o.inputs.products = (dir / "in/products.csv").string();
  o.inputs.sessions = (dir / "in/sessions.csv").string();
  o.inputs.members = (dir / "in/members.csv").string();
  o.inputs.store_zones = (dir / "in/stores.csv").string();
  return o;
}

}  // namespace smartstore::bench
