#pragma once
// The API's routes, grouped by resource (one .cpp per group); api_router.cpp
// puts them in one RouteTable. Handlers translate between HTTP and the
// KioskService and nothing else: access checks happened before they run.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "error_codes.h"
#include "route_table.h"

namespace smartstore::edge::http {

// What the handlers work with; owned by the router.
struct ApiContext {
  KioskService& kiosk;
  StaffAuthority& staff;
  FailedAttemptLimiter& limiter;
  HttpMetrics& metrics;
  ApiOptions options;
};

[[nodiscard]] std::vector<Route> monitoring_routes(ApiContext& api);  // /healthz, /metrics
[[nodiscard]] std::vector<Route> auth_routes(ApiContext& api);
[[nodiscard]] std::vector<Route> customer_routes(ApiContext& api);  // profile card, notes
[[nodiscard]] std::vector<Route> coupon_routes(ApiContext& api);
[[nodiscard]] std::vector<Route> product_routes(ApiContext& api);
[[nodiscard]] std::vector<Route> scan_routes(ApiContext& api);  // injected scans, the event stream

struct BarcodeSvg;

// 415 unless the request says it is JSON (or says nothing).
[[nodiscard]] std::optional<ApiResponse> refuse_unless_json(const ApiRequest& request);
// The body as a JSON object; an invalid_input naming "body" otherwise.
[[nodiscard]] Result<nlohmann::json> json_object(std::string_view body);
// 429 with Retry-After: a locked-out address or staff id.
[[nodiscard]] ApiResponse too_many_attempts(std::chrono::seconds wait, std::string message);
// A drawn barcode as image/svg+xml, never cached; a 422 when it could not be drawn.
[[nodiscard]] ApiResponse svg_response(Result<BarcodeSvg> rendered);

}  // namespace smartstore::edge::http
