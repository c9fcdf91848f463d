// Staff sign-in: a PIN buys a session token (docs/staff-auth.md).
#include <spdlog/spdlog.h>

#include "routes.h"

namespace smartstore::edge::http {
namespace {

using nlohmann::json;

// Failures count against the address and, separately, against the staff id:
// many addresses guessing one colleague's PIN are stopped as one address is.
std::string staff_id_key(const std::string& staff_id) {
  return "staff id " + staff_id;
}

void log_failure(const std::string& client, const std::string& staff_id, FailureCount by_client,
                 FailureCount by_id) {
  spdlog::warn("http: PIN sign-in refused from {} ({} failures in the window)", client, by_client.failures);
  if (by_client.locked_for.count() > 0)
    spdlog::warn("http: address {} locked out of sign-in for {} s", client, by_client.locked_for.count());
  if (by_id.locked_for.count() > 0)
    spdlog::warn("http: staff id \"{}\" locked out of PIN sign-in for {} s after repeated wrong PINs",
                 staff_id, by_id.locked_for.count());
}

ApiResponse sign_in(ApiContext& api, const RouteCall& call) {
  auto body = json_object(call.request.body);
  if (!body) return error_response(body.error());
  std::vector<smartstore::FieldError> errors;
  const auto& id = (*body)["staff_id"];
  if (!id.is_string() || id.get_ref<const std::string&>().empty() ||
      id.get_ref<const std::string&>().size() > 64)
    errors.push_back({"staff_id", "expected a string of 1-64 characters"});
  if (!body->contains("pin") || !(*body)["pin"].is_string())
    errors.push_back({"pin", "expected a string of digits"});
  if (!errors.empty())
    return error_response(ErrorKind::invalid_input, "invalid", "the sign-in request has bad fields",
                          std::move(errors));
  const auto& client = call.request.client;
  const std::string staff_id = id.get<std::string>();
  const std::string id_key = staff_id_key(staff_id);
  if (auto wait = api.limiter.retry_after(id_key, call.steady_now); wait.count() > 0)
    return too_many_attempts(wait, "too many wrong PINs for this staff id; try later");
  auto session = api.staff.sign_in_with_pin(staff_id, (*body)["pin"].get<std::string>(), call.steady_now);
  if (!session) {
    api.metrics.auth_failure();
    log_failure(client, staff_id, api.limiter.record_failure(client, call.steady_now),
                api.limiter.record_failure(id_key, call.steady_now));
    return error_response(ErrorKind::unauthorized, "unauthorized", "unknown staff id or wrong PIN");
  }
  api.limiter.record_success(id_key);
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
