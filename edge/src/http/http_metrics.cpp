#include "smartstore/edge/http/http_metrics.h"

#include <sstream>

namespace smartstore::edge::http {
namespace {
// Methods are client-chosen tokens: a fixed set keeps the label space bounded.
std::string method_label(const std::string& m) {
  for (const char* known : {"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"})
    if (m == known) return m;
  return "other";
}
}  // namespace

void HttpMetrics::observe(const std::string& method, const std::string& route, int status,
                          std::chrono::nanoseconds latency) {
  const double s = std::chrono::duration<double>(latency).count();
  std::lock_guard lock(mutex_);
  ++requests_[{method_label(method), route, status}];
  ++count_;
  sum_s_ += s;
  for (std::size_t i = 0; i < bucket_bounds_s.size(); ++i)
    if (s <= bucket_bounds_s[i]) {
      ++buckets_[i];
      break;
    }
}

std::string HttpMetrics::prometheus_text() const {
  std::ostringstream out;
  std::lock_guard lock(mutex_);
  out << "# HELP smartstore_http_requests_total HTTP requests by method, route template and status.\n"
         "# TYPE smartstore_http_requests_total counter\n";
  for (const auto& [k, n] : requests_)
    out << "smartstore_http_requests_total{method=\"" << std::get<0>(k) << "\",route=\"" << std::get<1>(k)
        << "\",status=\"" << std::get<2>(k) << "\"} " << n << "\n";
  out << "# HELP smartstore_http_request_duration_seconds Time from parsed request to response ready.\n"
         "# TYPE smartstore_http_request_duration_seconds histogram\n";
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i < bucket_bounds_s.size(); ++i) {
    cumulative += buckets_[i];
    out << "smartstore_http_request_duration_seconds_bucket{le=\"" << bucket_bounds_s[i] << "\"} " << cumulative
        << "\n";
  }
  out << "smartstore_http_request_duration_seconds_bucket{le=\"+Inf\"} " << count_ << "\n"
      << "smartstore_http_request_duration_seconds_sum " << sum_s_ << "\n"
      << "smartstore_http_request_duration_seconds_count " << count_ << "\n"
      << "# HELP smartstore_http_auth_failures_total Refused staff tokens and PINs.\n"
         "# TYPE smartstore_http_auth_failures_total counter\n"
      << "smartstore_http_auth_failures_total " << auth_failures_.load() << "\n"
      << "# HELP smartstore_http_event_streams Open entrance-screen event streams.\n"
         "# TYPE smartstore_http_event_streams gauge\n"
      << "smartstore_http_event_streams " << streams_.load() << "\n"
      << "# HELP smartstore_http_refused_connections_total Connections closed at once because the limit was reached.\n"
         "# TYPE smartstore_http_refused_connections_total counter\n"
      << "smartstore_http_refused_connections_total " << refused_connections_.load() << "\n";
  return out.str();
}

}  // namespace smartstore::edge::http
