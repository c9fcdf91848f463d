#include "smartstore/edge/http/api_router.h"

#include <spdlog/spdlog.h>

#include "routes.h"
#include "smartstore/common/loopback.h"

namespace smartstore::edge::http {
namespace {

constexpr std::string_view api_prefix = "/api/v1/";

std::vector<Route> all_routes(ApiContext& api) {
  std::vector<Route> routes;
  for (auto group :
       {monitoring_routes, auth_routes, customer_routes, coupon_routes, product_routes, scan_routes})
    for (auto& r : group(api)) routes.push_back(std::move(r));
  return routes;
}

ApiResponse unauthorized(std::string message, std::string challenge) {
  auto r = error_response(ErrorKind::unauthorized, "unauthorized", std::move(message));
  r.headers.emplace_back("WWW-Authenticate", std::move(challenge));
  return r;
}

// Only the Authorization header: a token in a URL ends up in histories and logs.
std::string bearer_token(const ApiRequest& request) {
  auto auth = request.header("authorization");
  return auth.rfind("Bearer ", 0) == 0 ? auth.substr(7) : std::string();
}

}  // namespace

ApiResponse too_many_attempts(std::chrono::seconds wait, std::string message) {
  auto r = error_response(ErrorKind::rate_limited, "too_many_attempts", std::move(message));
  r.headers.emplace_back("Retry-After", std::to_string(wait.count()));
  return r;
}

std::string ApiRequest::header(std::string_view lower_name) const {
  for (const auto& [k, v] : headers)
    if (k == lower_name) return v;
  return {};
}

std::string mask_member_number(std::string_view typed_or_scanned) {
  std::string digits;
  for (char c : typed_or_scanned)
    if (c >= '0' && c <= '9') digits.push_back(c);
  if (digits.size() < 8) return std::string(digits.size(), '*');
  return std::string(digits.size() - 4, '*') + digits.substr(digits.size() - 4);
}

struct ApiRouter::Impl {
  // The handlers hold a reference to `api`: Impl stays where it was built.
  explicit Impl(ApiContext context) : api(std::move(context)), table(all_routes(api)) {}
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;

  ApiContext api;
  RouteTable table;

  ApiResponse dispatch(const ApiRequest& request, std::string_view& label);
  std::optional<ApiResponse> admit(const Route& route, RouteCall& call);
};

ApiRouter::ApiRouter(KioskService& kiosk, StaffAuthority& staff, FailedAttemptLimiter& limiter,
                     HttpMetrics& metrics, ApiOptions options)
    : impl_(std::make_unique<Impl>(ApiContext{kiosk, staff, limiter, metrics, std::move(options)})) {}

ApiRouter::~ApiRouter() = default;

bool ApiRouter::is_api_path(std::string_view path) {
  return path.rfind(api_prefix, 0) == 0 || path == "/api/v1" || path == "/healthz" || path == "/metrics";
}

std::vector<std::pair<std::string, std::string>> ApiRouter::routes() const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& r : impl_->table.routes()) out.emplace_back(r.method, r.pattern);
  return out;
}

bool ApiRouter::still_admits(std::string_view route, const std::string& bearer_token) {
  for (const auto& r : impl_->table.routes()) {
    if (r.pattern != route || r.access.gate != Access::Gate::token) continue;
    auto caller = impl_->api.staff.authenticate(bearer_token, impl_->api.options.steady_clock());
    return caller && r.access.roles.contains(caller->role);
  }
  return false;
}

ApiResponse ApiRouter::handle(const ApiRequest& request) {
  const auto started = std::chrono::steady_clock::now();
  std::string_view label = "unmatched";
  ApiResponse response;
  try {
    response = impl_->dispatch(request, label);
  } catch (const std::exception& e) {
    spdlog::error("http: {} {} failed: {}", request.method, label == "unmatched" ? "?" : label, e.what());
    response = error_response(ErrorKind::internal, "internal", "the kiosk could not complete the request");
  }
  response.route = label;
  if (!response.event_stream)
    impl_->api.metrics.observe(request.method, response.route, response.status,
                               std::chrono::steady_clock::now() - started);
  return response;
}

ApiResponse ApiRouter::Impl::dispatch(const ApiRequest& request, std::string_view& label) {
  const auto q = request.target.find('?');
  const std::string_view target = request.target;
  auto found = table.match(request.method, target.substr(0, q));
  if (!found)
    return error_response(found.error(), found.error().kind() == ErrorKind::invalid_input ? "bad_path" : "");
  label = found->pattern;
  if (!found->route) {
    auto r = error_response(ErrorKind::unsupported, "method_not_allowed", "allowed: " + found->allow);
    r.headers.emplace_back("Allow", found->allow);
    return r;
  }
  RouteCall call{request,
                 std::move(found->params),
                 q == std::string_view::npos ? "" : target.substr(q + 1),
                 {},
                 Role::staff,
                 {}};
  if (auto refused = admit(*found->route, call)) return std::move(*refused);
  auto response = found->route->handler(call);
  if (response.event_stream) response.stream_token = bearer_token(request);
  return response;
}

// The one place a caller is let in or turned away: an address locked out by
// failed sign-ins waits before its credentials are even looked at.
std::optional<ApiResponse> ApiRouter::Impl::admit(const Route& route, RouteCall& call) {
  using Gate = Access::Gate;
  if (route.access.gate == Gate::anyone) return std::nullopt;
  if (route.access.gate == Gate::monitor && is_loopback_host(call.request.client)) return std::nullopt;
  call.steady_now = api.options.steady_clock();
  const auto& client = call.request.client;
  if (auto wait = api.limiter.retry_after(client, call.steady_now); wait.count() > 0)
    return too_many_attempts(wait, "too many failed sign-ins from this address; try later");
  if (route.access.gate == Gate::sign_in) return std::nullopt;
  const std::string token = bearer_token(call.request);
  if (token.empty())
    return unauthorized("a staff token is required (Authorization: Bearer ...)",
                        "Bearer realm=\"smartstore\"");
  auto caller = api.staff.authenticate(token, call.steady_now);
  if (!caller) {
    api.metrics.auth_failure();
    auto n = api.limiter.record_failure(client, call.steady_now);
    spdlog::warn("http: unknown or expired staff token from {} on {} ({} failures in the window)", client,
                 route.pattern, n.failures);
    return unauthorized("unknown or expired staff token",
                        "Bearer realm=\"smartstore\", error=\"invalid_token\"");
  }
  if (!route.access.roles.contains(caller->role)) {
    spdlog::warn("http: {} ({} role) refused {} {}", caller->staff_id, role_name(caller->role),
                 call.request.method, route.pattern);
    return error_response(ErrorKind::forbidden, "forbidden",
                          "a " + std::string(role_name(caller->role)) + " token may not do this");
  }
  call.staff_id = std::move(caller->staff_id);
  call.role = caller->role;
  return std::nullopt;
}

}  // namespace smartstore::edge::http
