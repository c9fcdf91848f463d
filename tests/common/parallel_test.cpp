#include "smartstore/common/parallel.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <stdexcept>
#include <thread>
#include <utility>
#include <vector>

namespace smartstore {
namespace {

TEST_CASE("parallel_for covers every index once, in blocks fixed by size and worker count") {
  for (unsigned workers : {0U, 1U, 2U, 3U, 8U}) {
    for (std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{7}, std::size_t{1000}}) {
      std::vector<int> hits(n, 0);
      std::vector<std::pair<std::size_t, std::size_t>> blocks(worker_count(workers));
      parallel_for(workers, n, [&](unsigned w, std::size_t begin, std::size_t end) {
        blocks[w] = {begin, end};
        for (std::size_t i = begin; i < end; ++i) ++hits[i];
      });
      CHECK(std::all_of(hits.begin(), hits.end(), [](int h) { return h == 1; }));
      const std::size_t count = blocks.size();
      for (std::size_t w = 0; w < count; ++w) {
        CHECK(blocks[w].first == n * w / count);
        CHECK(blocks[w].second == n * (w + 1) / count);
      }
    }
  }
}

TEST_CASE("run_workers runs worker 0 on the calling thread and joins the rest") {
  const auto caller = std::this_thread::get_id();
  std::vector<std::thread::id> ran(3);
  run_workers(3, [&](unsigned w) { ran[w] = std::this_thread::get_id(); });
  CHECK(ran[0] == caller);
  CHECK(ran[1] != caller);
  CHECK(ran[2] != caller);
  CHECK(ran[1] != ran[2]);
}

TEST_CASE("a worker's exception reaches the caller after every worker finished") {
  std::atomic<int> finished{0};
  CHECK_THROWS_AS(run_workers(4,
                              [&](unsigned w) {
                                if (w == 2) throw std::runtime_error("disk full");
                                ++finished;
                              }),
                  std::runtime_error);
  CHECK(finished == 3);
}

TEST_CASE("run_both runs both jobs, in order when not parallel") {
  for (bool parallel : {false, true}) {
    std::vector<int> order;
    int a = 0, b = 0;
    run_both(
        parallel, [&] { a = 1; }, [&] { b = 2; });
    CHECK(a == 1);
    CHECK(b == 2);
    if (!parallel) {
      run_both(
          false, [&] { order.push_back(1); }, [&] { order.push_back(2); });
      CHECK(order == std::vector<int>{1, 2});
    }
  }
}

}  // namespace
}  // namespace smartstore
