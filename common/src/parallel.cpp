#include "smartstore/common/parallel.h"

#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace smartstore {

void run_workers(unsigned workers, const std::function<void(unsigned worker)>& work) {
  const unsigned count = worker_count(workers);
  std::exception_ptr first_failure;
  std::mutex failure_mutex;
  auto guarded = [&](unsigned w) {
    try {
      work(w);
    } catch (...) {
      const std::lock_guard lock(failure_mutex);
      if (!first_failure) first_failure = std::current_exception();
    }
  };
  std::vector<std::thread> pool;
  pool.reserve(count - 1);
  for (unsigned w = 1; w < count; ++w) pool.emplace_back(guarded, w);
  guarded(0);
  for (auto& t : pool) t.join();
  if (first_failure) std::rethrow_exception(first_failure);
}

void parallel_for(unsigned workers, std::size_t n,
                  const std::function<void(unsigned worker, std::size_t begin, std::size_t end)>& work) {
  const unsigned count = worker_count(workers);
  run_workers(count, [&](unsigned w) { work(w, n * w / count, n * (w + 1) / count); });
}

void run_both(bool parallel, const std::function<void()>& first, const std::function<void()>& second) {
  if (!parallel) {
    first();
    second();
    return;
  }
  run_workers(2, [&](unsigned w) { w == 0 ? first() : second(); });
}

}  // namespace smartstore
