#pragma once
// The house's one way to spread work over cores: a fixed number of workers,
// the calling thread being worker 0, joined before returning. The split of
// the work depends only on its size and the worker count, never on timing, so
// callers that merge per-worker partial results in worker order get the same
// bytes on every run.
#include <algorithm>
#include <cstddef>
#include <functional>

namespace smartstore {

// At least one worker, whatever was asked for (0 means "no extra threads").
[[nodiscard]] inline unsigned worker_count(unsigned requested) {
  return std::max(1U, requested);
}

// Runs work(w) for every w in [0, worker_count(workers)) at the same time:
// worker 0 on the calling thread, the others on new threads. Returns when all
// have finished; the first exception a worker threw is rethrown then.
void run_workers(unsigned workers, const std::function<void(unsigned worker)>& work);

// Splits [0, n) into worker_count(workers) contiguous blocks, worker w taking
// [n*w/W, n*(w+1)/W), and runs work(w, begin, end) for each at the same time.
void parallel_for(unsigned workers, std::size_t n,
                  const std::function<void(unsigned worker, std::size_t begin, std::size_t end)>& work);

// Runs `first` on the calling thread and `second` beside it on a new thread
// when `parallel`; otherwise `first`, then `second`. Two independent jobs
// (two files to read) overlap without a pool.
void run_both(bool parallel, const std::function<void()>& first, const std::function<void()>& second);

}  // namespace smartstore
