// Coupons at the till: look one up, draw its barcode, redeem it once.
#include <spdlog/spdlog.h>

#include "barcode_svg.h"
#include "routes.h"
#include "view_json.h"

namespace smartstore::edge::http {
namespace {

using nlohmann::json;

ApiResponse unknown_coupon() {
  return error_response(ErrorKind::not_found, "unknown_coupon", "no coupon with this code");
}

// A refused redemption's reason_code is one of the table's codes; any other
// is a coupon that cannot be redeemed in its state.
ErrorKind redemption_refusal(const std::string& reason_code) {
  const auto* row = find_api_error_code(reason_code);
  return row ? row->kind : ErrorKind::conflict;
}

std::vector<smartstore::FieldError> redemption_fields(const json& body, std::string& device) {
  std::vector<smartstore::FieldError> errors;
  if (!body.contains("code") || !body["code"].is_string() || body["code"].get<std::string>().empty() ||
      body["code"].get<std::string>().size() > 256)
    errors.push_back({"code", "expected the coupon code as scanned (1-256 characters)"});
  if (body.contains("device_id")) {
    if (!body["device_id"].is_string() || body["device_id"].get<std::string>().size() > 64)
      errors.push_back({"device_id", "expected a string of at most 64 characters"});
    else
      device = body["device_id"].get<std::string>();
  }
  return errors;
}

ApiResponse redeem(ApiContext& api, const RouteCall& call) {
  if (auto refused = refuse_unless_json(call.request)) return std::move(*refused);
  auto body = json_object(call.request.body);
  if (!body) return error_response(body.error());
  std::string device = api.options.device_id;
  if (auto fields = redemption_fields(*body, device); !fields.empty())
    return error_response(ErrorKind::invalid_input, "invalid", "the redemption has bad fields",
                          std::move(fields));
  auto result = api.kiosk.redeem((*body)["code"].get<std::string>(), device, api.options.wall_clock());
  json j = {{"accepted", result.accepted},
            {"reason_code", result.reason_code},
            {"message", result.error ? public_message(*result.error) : result.message},
            {"coupon", result.coupon ? to_json(*result.coupon) : json(nullptr)}};
  spdlog::info("http: staff {} redemption on {}: {}", call.staff_id, device, result.reason_code);
  if (result.accepted) return json_response(200, j);
  const auto kind = result.error ? result.error->kind() : redemption_refusal(result.reason_code);
  if (is_storage_refusal(kind)) spdlog::warn("http: {}", result.message);
  j["error"] = result.reason_code;
  return refusal_response(kind, result.reason_code, j);
}

ApiResponse get_coupon(ApiContext& api, const RouteCall& call) {
  auto record = api.kiosk.coupon(call.params[0], api.options.wall_clock());
  if (!record) return unknown_coupon();
  return json_response(200, to_json(*record));
}

ApiResponse get_barcode(ApiContext& api, const RouteCall& call) {
  const auto& code = call.params[0];
  auto format_name = query_param(call.query, "format");
  auto symbology = parse_symbology(format_name.empty() ? "qr" : format_name);
  if (!symbology)
    return error_response(ErrorKind::invalid_input, "invalid", "unknown barcode format",
                          {{"format", "expected qr or code128"}});
  // Only codes this kiosk issued are drawn: the endpoint is not a general barcode printer.
  if (!api.kiosk.coupon(code, api.options.wall_clock())) return unknown_coupon();
  return svg_response(render_barcode_svg(code, *symbology));
}

}  // namespace

std::vector<Route> coupon_routes(ApiContext& api) {
  return {
      // Before coupons/{code}: "redeem" is not a coupon code.
      {"POST", "/api/v1/coupons/redeem", Access::for_roles({Role::till}),
       [&api](const RouteCall& c) { return redeem(api, c); }},
      {"GET", "/api/v1/coupons/{code}", Access::for_roles({Role::staff, Role::till}),
       [&api](const RouteCall& c) { return get_coupon(api, c); }},
      {"GET", "/api/v1/coupons/{code}/barcode.svg",
       Access::for_roles({Role::display, Role::staff, Role::till}),
       [&api](const RouteCall& c) { return get_barcode(api, c); }},
  };
}

}  // namespace smartstore::edge::http
