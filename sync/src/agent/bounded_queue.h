#pragma once
// Internal: a small bounded blocking queue between threads, after Paho C++'s
// thread_queue. Producers choose what a full queue means for their message:
// put() waits for room (for messages that must arrive), try_put() gives up at
// once (for hints that will be derived again). close() wakes every waiter;
// afterwards puts fail and gets return what is left, then nothing.
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <utility>
#include <vector>

namespace smartstore::sync::detail {

template <class T>
class BoundedQueue {
 public:
  explicit BoundedQueue(std::size_t capacity) : capacity_(capacity == 0 ? 1 : capacity) {}
  BoundedQueue(const BoundedQueue&) = delete;
  BoundedQueue& operator=(const BoundedQueue&) = delete;

  // Waits while the queue is full; false when it was closed meanwhile.
  bool put(T item) {
    std::unique_lock lock(mu_);
    not_full_.wait(lock, [this] { return closed_ || items_.size() < capacity_; });
    if (closed_) return false;
    items_.push_back(std::move(item));
    lock.unlock();
    not_empty_.notify_one();
    return true;
  }

  // False, and the item dropped, when the queue is full or closed.
  bool try_put(T item) {
    {
      std::lock_guard lock(mu_);
      if (closed_ || items_.size() >= capacity_) return false;
      items_.push_back(std::move(item));
    }
    not_empty_.notify_one();
    return true;
  }

  // The oldest item, waiting up to `timeout` for one; nothing on timeout or
  // when closed and empty.
  std::optional<T> get_for(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mu_);
    if (!not_empty_.wait_for(lock, timeout, [this] { return closed_ || !items_.empty(); }) || items_.empty())
      return std::nullopt;
    T item = std::move(items_.front());
    items_.pop_front();
    lock.unlock();
    not_full_.notify_one();
    return item;
  }

  // Everything queued now, oldest first, without waiting.
  std::vector<T> take_all() {
    std::vector<T> out;
    {
      std::lock_guard lock(mu_);
      out.reserve(items_.size());
      for (auto& item : items_) out.push_back(std::move(item));
      items_.clear();
    }
    not_full_.notify_all();
    return out;
  }

  // Waits up to `timeout` for close(), ignoring items; true when closed.
  bool wait_closed_for(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mu_);
    return closed_cv_.wait_for(lock, timeout, [this] { return closed_; });
  }

  void close() {
    {
      std::lock_guard lock(mu_);
      closed_ = true;
    }
    not_full_.notify_all();
    not_empty_.notify_all();
    closed_cv_.notify_all();
  }

  [[nodiscard]] bool closed() const {
    std::lock_guard lock(mu_);
    return closed_;
  }
  [[nodiscard]] std::size_t size() const {
    std::lock_guard lock(mu_);
    return items_.size();
  }
  [[nodiscard]] std::size_t capacity() const { return capacity_; }

 private:
  const std::size_t capacity_;
  mutable std::mutex mu_;  // guards items_ and closed_
  std::condition_variable not_full_, not_empty_, closed_cv_;
  std::deque<T> items_;
  bool closed_ = false;
};

}  // namespace smartstore::sync::detail
