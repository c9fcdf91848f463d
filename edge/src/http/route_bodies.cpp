#include "barcode_svg.h"
#include "routes.h"

namespace smartstore::edge::http {

std::optional<ApiResponse> refuse_unless_json(const ApiRequest& request) {
  auto type = request.header("content-type");
  if (type.empty() || type.rfind("application/json", 0) == 0) return std::nullopt;
  return error_response(ErrorKind::unsupported, "unsupported_media_type", "expected application/json");
}

Result<nlohmann::json> json_object(std::string_view body) {
  auto parsed = nlohmann::json::parse(body, nullptr, false);
  if (parsed.is_object()) return parsed;
  return Error(ErrorKind::invalid_input, "expected a JSON object", "http")
      .with_fields({{"body", "expected a JSON object"}});
}

ApiResponse svg_response(Result<BarcodeSvg> rendered) {
  if (!rendered) return error_response(ErrorKind::unsupported, "not_encodable", rendered.error().message());
  BarcodeSvg& drawn = *rendered;
  ApiResponse r;
  r.content_type = "image/svg+xml";
  // A coupon's barcode is a bearer token: never kept in a browser cache.
  r.headers.emplace_back("Cache-Control", "no-store");
  r.headers.emplace_back("X-Barcode-Modules",
                         std::to_string(drawn.modules_wide) + "x" + std::to_string(drawn.modules_high));
  r.body = std::move(drawn.svg);
  return r;
}

}  // namespace smartstore::edge::http
