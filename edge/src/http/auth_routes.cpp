// Staff sign-in: a PIN buys a session token (docs/staff-auth.md).
#include <spdlog/spdlog.h>

#include "routes.h"

namespace smartstore::edge::http {
namespace {

using nlohmann::json;

ApiResponse sign_in(ApiContext& api, const RouteCall& call) {
  auto body = json_object(call.request.body);
  if (!body) return error_response(body.error());
  std::vector<smartstore::FieldError> errors;
  if (!body->contains("staff_id") || !(*body)["staff_id"].is_string())
    errors.push_back({"staff_id", "expected a string"});
  if (!body->contains("pin") || !(*body)["pin"].is_string())
    errors.push_back({"pin", "expected a string of digits"});
  if (!errors.empty())
    return error_response(ErrorKind::invalid_input, "invalid", "the sign-in request has bad fields",
                          std::move(errors));
  const auto& client = call.request.client;
  auto session = api.staff.sign_in_with_pin((*body)["staff_id"].get<std::string>(),
                                            (*body)["pin"].get<std::string>(), call.steady_now);
  if (!session) {
    api.metrics.auth_failure();
    unsigned n = api.limiter.record_failure(client, call.steady_now);
    spdlog::warn("http: PIN sign-in refused from {} ({} failures in the window)", client, n);
    return error_response(ErrorKind::unauthorized, "unauthorized", "unknown staff id or wrong PIN");
  }
  api.limiter.record_success(client);
  spdlog::info("http: staff {} signed in with a PIN from {}", session->staff_id, client);
  return json_response(200, {{"token", session->token},
                             {"staff_id", session->staff_id},
                             {"expires_in_s", session->expires_in.count()}});
}

}  // namespace

std::vector<Route> auth_routes(ApiContext& api) {
  return {
      {"POST", "/api/v1/auth/pin", Access::sign_in, [&api](const RouteCall& c) { return sign_in(api, c); }},
      {"GET", "/api/v1/auth/whoami", Access::staff,
       [](const RouteCall& c) {
         return json_response(200, {{"staff_id", c.staff_id}});
       }},
  };
}

}  // namespace smartstore::edge::http
