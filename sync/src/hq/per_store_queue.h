#pragma once
// Internal: work HQ ingest does for one store at a time on a thread of its
// own (answering chunk requests, catching up a store that refused a delta),
// never on Paho's callback thread nor under ingest's lock, so one store's
// slow request cannot stall ingest for every store. A store has at most one
// request waiting: a newer one is merged into it (`put`'s merge), and stores
// are served first come, first served.
#include <spdlog/spdlog.h>

#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <utility>

namespace smartstore::sync::detail {

template <typename Request>
class PerStoreQueue {
 public:
  // serve(store, request) runs on the queue's thread; what it throws is
  // logged with `what` ("chunk request", ...) and the next store served.
  PerStoreQueue(std::string what, std::function<void(const std::string&, Request&)> serve)
      : what_(std::move(what)), serve_(std::move(serve)) {
    worker_ = std::thread([this] { run(); });
  }
  // Stops serving; a waiting request is dropped (the store asks again).
  ~PerStoreQueue() {
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
    }
    cv_.notify_all();
    worker_.join();
  }
  PerStoreQueue(const PerStoreQueue&) = delete;
  PerStoreQueue& operator=(const PerStoreQueue&) = delete;

  // merge(request, fresh) under the queue's lock: fresh is true when the
  // store had nothing waiting (request is then default-constructed).
  template <typename Merge>
  void put(const std::string& store, Merge&& merge) {
    std::lock_guard lock(mu_);
    auto [it, fresh] = waiting_.try_emplace(store);
    if (fresh) order_.push_back(store);
    merge(it->second, fresh);
    cv_.notify_one();
  }

 private:
  void run() {
    for (;;) {
      std::string store;
      Request request;
      {
        std::unique_lock lock(mu_);
        cv_.wait(lock, [this] { return stopping_ || !order_.empty(); });
        if (stopping_) return;
        store = std::move(order_.front());
        order_.pop_front();
        auto it = waiting_.find(store);
        request = std::move(it->second);
        waiting_.erase(it);
      }
      try {
        serve_(store, request);
      } catch (const std::exception& e) {
        spdlog::warn("hq ingest: {} of {} not served: {}", what_, store, e.what());
      }
    }
  }

  std::string what_;
  std::function<void(const std::string&, Request&)> serve_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::map<std::string, Request> waiting_;  // the newest request per store
  std::deque<std::string> order_;           // stores with a request waiting, oldest first
  bool stopping_ = false;
  std::thread worker_;  // last: started once the members above exist
};

}  // namespace smartstore::sync::detail
