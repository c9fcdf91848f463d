#pragma once
// HTTP-side Prometheus figures: requests by route and status, a latency
// histogram, refused sign-ins and live event-stream clients.
#include <array>
#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <tuple>

namespace smartstore::edge::http {

class HttpMetrics {
 public:
  static constexpr std::array<double, 10> bucket_bounds_s{0.001, 0.0025, 0.005, 0.01, 0.025,
                                                          0.05,  0.1,    0.25,  0.5,  1.0};

  void observe(const std::string& method, const std::string& route, int status, std::chrono::nanoseconds latency);
  void auth_failure() { auth_failures_.fetch_add(1, std::memory_order_relaxed); }
  void stream_opened() { streams_.fetch_add(1, std::memory_order_relaxed); }
  void stream_closed() { streams_.fetch_sub(1, std::memory_order_relaxed); }
  void connection_refused() { refused_connections_.fetch_add(1, std::memory_order_relaxed); }

  // Prometheus text exposition format 0.0.4.
  [[nodiscard]] std::string prometheus_text() const;

 private:
  mutable std::mutex mutex_;
  std::map<std::tuple<std::string, std::string, int>, std::uint64_t> requests_;  // method, route, status
  std::array<std::uint64_t, bucket_bounds_s.size()> buckets_{};                   // non-cumulative
  std::uint64_t count_ = 0;
  double sum_s_ = 0;
  std::atomic<std::uint64_t> auth_failures_{0};
  std::atomic<std::int64_t> streams_{0};
  std::atomic<std::uint64_t> refused_connections_{0};
};

}  // namespace smartstore::edge::http
