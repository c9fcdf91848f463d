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
                             {"role", role_name(session->role)},
                             {"expires_in_s", session->expires_in.count()}});
}

// A signed-in staff member asks for a code to show on the tablet; the device
// that types it in gets the session (POST /auth/pair).
ApiResponse issue_code(ApiContext& api, const RouteCall& call) {
  if (auto refused = refuse_unless_json(call.request)) return std::move(*refused);
  Role role = Role::display;
  if (!call.request.body.empty()) {
    auto body = json_object(call.request.body);
    if (!body) return error_response(body.error());
    if (body->contains("role")) {
      const auto& r = (*body)["role"];
      auto parsed = r.is_string() ? parse_role(r.get<std::string>()) : std::nullopt;
      if (!parsed)
        return error_response(ErrorKind::invalid_input, "invalid", "the pairing request has bad fields",
                              {{"role", "expected \"display\" or \"staff\""}});
      role = *parsed;
    }
  }
  auto code = api.staff.issue_pairing_code(Caller{call.staff_id, call.role}, role, call.steady_now);
  if (!code) return error_response(code.error(), "forbidden");
  spdlog::info("http: staff {} issued a {} pairing code", call.staff_id, role_name(role));
  return json_response(
      201,
      {{"code", code->code}, {"role", role_name(code->role)}, {"expires_in_s", code->expires_in.count()}});
}

// A wrong code counts against the address and against pairing as a whole, so
// guessing six digits from many addresses within a code's two minutes stays
// hopeless (five tries a minute, then doubling lockouts, for 10^6 codes).
ApiResponse pair(ApiContext& api, const RouteCall& call) {
  static const std::string pairing_key = "pairing codes";
  if (auto refused = refuse_unless_json(call.request)) return std::move(*refused);
  auto body = json_object(call.request.body);
  if (!body) return error_response(body.error());
  const auto& code = (*body)["code"];
  if (!code.is_string() || code.get_ref<const std::string&>().size() != 6)
    return error_response(ErrorKind::invalid_input, "invalid", "the pairing request has bad fields",
                          {{"code", "expected the six digits shown on the tablet"}});
  if (auto wait = api.limiter.retry_after(pairing_key, call.steady_now); wait.count() > 0)
    return too_many_attempts(wait, "too many wrong pairing codes; try later");
  auto session = api.staff.redeem_pairing_code(code.get<std::string>(), call.steady_now);
  if (!session) {
    api.metrics.auth_failure();
    const auto& client = call.request.client;
    auto by_client = api.limiter.record_failure(client, call.steady_now);
    auto overall = api.limiter.record_failure(pairing_key, call.steady_now);
    spdlog::warn("http: pairing code refused from {} ({} failures in the window)", client,
                 by_client.failures);
    if (overall.locked_for.count() > 0)
      spdlog::warn("http: pairing locked for {} s after repeated wrong codes", overall.locked_for.count());
    return error_response(ErrorKind::unauthorized, "unauthorized", "unknown, used or expired pairing code");
  }
  spdlog::info("http: a {} session vouched for by {} paired from {}", role_name(session->role),
               session->staff_id, call.request.client);
  return json_response(200, {{"token", session->token},
                             {"staff_id", session->staff_id},
                             {"role", role_name(session->role)},
                             {"expires_in_s", session->expires_in.count()}});
}

}  // namespace

std::vector<Route> auth_routes(ApiContext& api) {
  return {
      {"POST", "/api/v1/auth/pin", Access::sign_in(), [&api](const RouteCall& c) { return sign_in(api, c); }},
      {"POST", "/api/v1/auth/pair", Access::sign_in(), [&api](const RouteCall& c) { return pair(api, c); }},
      {"POST", "/api/v1/auth/pairing-codes", Access::for_roles({Role::staff}),
       [&api](const RouteCall& c) { return issue_code(api, c); }},
      {"GET", "/api/v1/auth/whoami", Access::for_roles({Role::display, Role::staff, Role::till}),
       [](const RouteCall& c) {
         return json_response(200, {{"staff_id", c.staff_id}, {"role", role_name(c.role)}});
       }},
  };
}

}  // namespace smartstore::edge::http
