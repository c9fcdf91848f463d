// Scans: staff (and the browser tests) inject decoded text as if the entrance
// scanner read it; the entrance screen follows the outcomes as a stream.
#include <spdlog/spdlog.h>

#include "routes.h"
#include "view_json.h"

namespace smartstore::edge::http {
namespace {

using nlohmann::json;

ApiResponse post_scan(ApiContext& api, const RouteCall& call) {
  if (auto refused = refuse_unless_json(call.request)) return std::move(*refused);
  auto body = json::parse(call.request.body, nullptr, false);
  if (!body.is_object() || !body.contains("text") || !body["text"].is_string() ||
      body["text"].get<std::string>().empty() || body["text"].get<std::string>().size() > 512)
    return error_response(ErrorKind::invalid_input, "invalid", "expected {\"text\": decoded scan}",
                          {{"text", "expected the decoded text (1-512 characters)"}});
  auto outcome = api.kiosk.on_scan(body["text"].get<std::string>(), api.options.wall_clock());
  spdlog::info("http: staff {} injected a scan: {}", call.staff_id, scan_kind_name(outcome.kind));
  json j = to_public_json(outcome);
  j["member_key"] = outcome.member_key;
  if (!outcome.error) {
    j["error"] = nullptr;
    j["error_code"] = nullptr;
    return json_response(200, j);
  }
  // "error" carries the text people read; "error_code" the code clients branch on.
  spdlog::warn("http: scan not recorded: {}", outcome.error->describe());
  const auto& row = api_error_code(outcome.error->kind());
  j["error"] = public_message(*outcome.error);
  j["error_code"] = row.code;
  return refusal_response(row.kind, row.code, j);
}

// The server keeps the connection and streams; the router only admits.
ApiResponse open_event_stream(const RouteCall&) {
  ApiResponse r;
  r.event_stream = true;
  r.content_type = "text/event-stream";
  return r;
}

}  // namespace

std::vector<Route> scan_routes(ApiContext& api) {
  return {
      {"GET", "/api/v1/events", Access::for_roles({Role::display, Role::staff}), open_event_stream},
      {"POST", "/api/v1/scans", Access::for_roles({Role::staff}),
       [&api](const RouteCall& c) { return post_scan(api, c); }},
  };
}

}  // namespace smartstore::edge::http
