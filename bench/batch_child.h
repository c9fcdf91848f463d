#pragma once
// The HQ batch in a forked child, so its peak memory is its own (ru_maxrss
// from wait4), not the generator's or another benchmark's high-water mark in
// the bench process. The child reports its figures through a pipe.
#include <sys/resource.h>

#include <filesystem>
#include <functional>
#include <string>

#include "smartstore/models/profile_batch.h"

namespace smartstore::bench {

struct ChildRun {
  double wall_s = 0, cpu_s = 0, peak_mib = 0, rss_at_fork_mib = 0;
  double purchases = 0, customers = 0;
  std::string stages;  // "read 3.1/5.2 s, ..." wall/cpu per stage
};

// User + system CPU seconds of a getrusage / wait4 report.
double cpu_of(const rusage& u);

// Runs `batch` in a child; throws with the child's error when it fails.
ChildRun run_in_child(const std::function<Result<models::BatchResult>()>& batch);
// run_profile_batch(o) in a child.
ChildRun run_batch_in_child(const models::BatchOptions& o);

// The batch over every file the generator writes into <dir>/in.
models::BatchOptions demo_options(const std::filesystem::path& dir);

}  // namespace smartstore::bench
