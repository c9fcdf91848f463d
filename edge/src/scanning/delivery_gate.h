#pragma once
// Between a capture thread and the io_context where ScanSink runs: at most
// `limit` deliveries wait at a time (beyond that a decoded code is dropped;
// the camera shows it again next frame), and a delivery that runs after
// close() does nothing. Each open() starts a new generation, so a delivery
// posted before a stop stays dropped after the source is started again: a
// restarted camera never delivers a code it decoded before it was stopped
// (re-arming one shared flag let those through).
#include <utility>  // before Asio (g++ 12 + Boost 1.74)
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include <atomic>
#include <memory>

namespace smartstore::edge::scanning {

class DeliveryGate {
 public:
  explicit DeliveryGate(int limit) : limit_(limit) {}

  // Not concurrent with post(): the owner calls these with its thread stopped.
  void open() { generation_ = std::make_shared<Generation>(); }
  void close() { generation_->alive = false; }

  // From the capture thread. false: too many waiting, dropped.
  template <class Deliver>
  bool post(boost::asio::io_context& io, Deliver deliver) {
    auto g = generation_;
    if (g->pending.load() >= limit_) return false;
    ++g->pending;
    boost::asio::post(io, [g, deliver = std::move(deliver)]() mutable {
      --g->pending;
      if (g->alive) deliver();
    });
    return true;
  }

  [[nodiscard]] int pending() const { return generation_->pending.load(); }

 private:
  // Shared with the posted handlers: one outliving the source reads its own generation.
  struct Generation {
    std::atomic<int> pending{0};
    std::atomic<bool> alive{true};
  };
  int limit_;
  std::shared_ptr<Generation> generation_ = std::make_shared<Generation>();
};

}  // namespace smartstore::edge::scanning
