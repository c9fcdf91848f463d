// The agent's inbox: bounded, in order, a full queue either waits (put) or
// refuses (try_put), and close() releases every waiter.
#include <doctest/doctest.h>

#include <atomic>
#include <thread>

#include "../../../sync/src/agent/bounded_queue.h"

using smartstore::sync::detail::BoundedQueue;
using namespace std::chrono_literals;

TEST_CASE("items come out in order; take_all empties the queue") {
  BoundedQueue<int> q(4);
  CHECK(q.put(1));
  CHECK(q.try_put(2));
  CHECK(q.put(3));
  CHECK(q.get_for(0ms) == 1);
  CHECK(q.take_all() == std::vector<int>{2, 3});
  CHECK(q.size() == 0);
  CHECK_FALSE(q.get_for(10ms).has_value());
}

TEST_CASE("a full queue refuses try_put and makes put wait for room") {
  BoundedQueue<int> q(2);
  REQUIRE(q.put(1));
  REQUIRE(q.put(2));
  CHECK_FALSE(q.try_put(3));
  CHECK(q.size() == 2);

  std::atomic<bool> put_done{false};
  std::thread producer([&] {
    CHECK(q.put(4));
    put_done = true;
  });
  std::this_thread::sleep_for(50ms);
  CHECK_FALSE(put_done);  // still waiting for room
  CHECK(q.get_for(0ms) == 1);
  producer.join();
  CHECK(put_done);
  CHECK(q.take_all() == std::vector<int>{2, 4});
}

TEST_CASE("close releases a waiting producer and consumer; what is left can still be taken") {
  BoundedQueue<int> q(1);
  REQUIRE(q.put(1));
  std::thread producer([&] { CHECK_FALSE(q.put(2)); });
  std::this_thread::sleep_for(20ms);
  q.close();
  producer.join();
  CHECK(q.closed());
  CHECK_FALSE(q.try_put(3));
  CHECK(q.get_for(1s) == 1);
  const auto t0 = std::chrono::steady_clock::now();
  CHECK_FALSE(q.get_for(5s).has_value());  // closed and empty: at once
  CHECK(std::chrono::steady_clock::now() - t0 < 1s);
  CHECK(q.wait_closed_for(5s));
}

TEST_CASE("wait_closed_for ignores items and times out while open") {
  BoundedQueue<int> q(2);
  REQUIRE(q.put(1));
  CHECK_FALSE(q.wait_closed_for(20ms));
  std::thread closer([&] {
    std::this_thread::sleep_for(20ms);
    q.close();
  });
  CHECK(q.wait_closed_for(5s));
  closer.join();
}
