#pragma once
// /api/v1 as a plain function from request to response: no sockets, no Beast,
// so every route, status and error body is testable in-process. The server
// (edge/src/http/http_server.cpp) only moves bytes in and out of it.
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "smartstore/edge/http/http_metrics.h"
#include "smartstore/edge/http/staff_auth.h"
#include "smartstore/edge/kiosk_service.h"

namespace smartstore::edge::http {

struct ApiRequest {
  std::string method;                                        // GET, POST, ...
  std::string target;                                        // path and query, e.g. /api/v1/customers/123?x=1
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-case
  std::string body;
  std::string client;  // remote address, for rate limits and logs

  [[nodiscard]] std::string header(std::string_view lower_name) const;
};

struct ApiResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  bool event_stream = false;  // GET /events: the server keeps the connection and streams
  std::string stream_token;   // the token that opened the stream, re-checked while it runs (memory only)
  std::string route;          // route template for metrics/logs, never the raw path
};

struct ApiOptions {
  std::string device_id = "kiosk";  // redemptions without a device_id are booked to this
  std::function<Clock::time_point()> wall_clock = [] { return Clock::now(); };
  std::function<SteadyClock::time_point()> steady_clock = [] { return SteadyClock::now(); };
};

class ApiRouter {
 public:
  ApiRouter(KioskService& kiosk, StaffAuthority& staff, FailedAttemptLimiter& limiter, HttpMetrics& metrics,
            ApiOptions options = {});
  ~ApiRouter();
  ApiRouter(const ApiRouter&) = delete;
  ApiRouter& operator=(const ApiRouter&) = delete;

  // Any /api/v1/... request (and /healthz, /metrics). Never throws: a kiosk
  // exception becomes a 500 with a generic body and a log line.
  [[nodiscard]] ApiResponse handle(const ApiRequest& request);
  // Whether `bearer_token` would still be let in to `route` (a pattern, as in
  // ApiResponse::route): an open event stream asks this on every heartbeat and
  // after a staff reload, and closes once the session expired or its staff
  // entry is gone.
  [[nodiscard]] bool still_admits(std::string_view route, const std::string& bearer_token);
  // True when `path` (no query) belongs to the API rather than the static pages.
  [[nodiscard]] static bool is_api_path(std::string_view path);
  // (method, path pattern) of every route, in matching order: the API's
  // contract, which docs/openapi.yaml must list exactly.
  [[nodiscard]] std::vector<std::pair<std::string, std::string>> routes() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// "1234567890123456" -> "************3456": enough for staff to confirm the card.
[[nodiscard]] std::string mask_member_number(std::string_view typed_or_scanned);

}  // namespace smartstore::edge::http
