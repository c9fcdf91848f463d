#include "smartstore/edge/http/api_router.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "barcode_svg.h"
#include "smartstore/edge/http/note_body.h"
#include "view_json.h"

namespace smartstore::edge::http {
namespace {

using nlohmann::json;

constexpr std::string_view api_prefix = "/api/v1/";

ApiResponse json_response(int status, const json& body) {
  ApiResponse r;
  r.status = status;
  r.body = body.dump();
  return r;
}

ApiResponse error_response(int status, std::string_view code, std::string_view message,
                           const std::vector<FieldError>& fields = {}) {
  json j = {{"error", code}, {"message", message}};
  if (!fields.empty()) {
    json list = json::array();
    for (const auto& f : fields) list.push_back({{"field", f.field}, {"message", f.message}});
    j["fields"] = list;
  }
  return json_response(status, j);
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<std::string> percent_decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%') {
      if (i + 2 >= s.size()) return std::nullopt;
      int hi = hex_value(s[i + 1]), lo = hex_value(s[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> parts;
  while (!path.empty()) {
    auto slash = path.find('/');
    auto part = path.substr(0, slash);
    if (!part.empty()) parts.push_back(part);
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return parts;
}

std::string query_param(std::string_view query, std::string_view name) {
  while (!query.empty()) {
    auto amp = query.find('&');
    auto pair = query.substr(0, amp);
    auto eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == name)
      return percent_decode(pair.substr(eq + 1)).value_or("");
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return {};
}

bool valid_idempotency_key(const std::string& k) {
  return !k.empty() && k.size() <= 128 && std::all_of(k.begin(), k.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '_' ||
           c == ':' || c == '.';
  });
}

ApiResponse svg_response(BarcodeSvg drawn) {
  ApiResponse r;
  r.content_type = "image/svg+xml";
  // A coupon's barcode is a bearer token: never kept in a browser cache.
  r.headers.emplace_back("Cache-Control", "no-store");
  r.headers.emplace_back("X-Barcode-Modules", std::to_string(drawn.modules_wide) + "x" + std::to_string(drawn.modules_high));
  r.body = std::move(*drawn.svg);
  return r;
}

// A write the store refused, as an error code a client can branch on. The
// store words its refusals "storage <full|read_only|io> (...)" and "outbox
// full (...)" (KioskStore::storage_refusal, record_issue, record_note).
std::string refusal_code(std::string_view refused) {
  for (std::string_view reason : {"full", "read_only", "io"}) {
    if (refused.rfind("storage " + std::string(reason) + " ", 0) == 0) return "storage_" + std::string(reason);
  }
  if (refused.rfind("outbox full", 0) == 0) return "outbox_full";
  return "refused";
}

bool json_content(const ApiRequest& req) {
  auto ct = req.header("content-type");
  return ct.empty() || ct.rfind("application/json", 0) == 0;
}

}  // namespace

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

struct ApiRouter::Call {
  const ApiRequest& req;
  std::string path;
  std::string query;
  std::string route;
  std::string staff_id;
};

ApiRouter::ApiRouter(KioskService& kiosk, StaffAuthority& staff, FailedAttemptLimiter& limiter,
                     HttpMetrics& metrics, ApiOptions options)
    : kiosk_(kiosk), staff_(staff), limiter_(limiter), metrics_(metrics), options_(std::move(options)) {}

bool ApiRouter::is_api_path(std::string_view path) {
  return path.rfind(api_prefix, 0) == 0 || path == "/api/v1" || path == "/healthz" || path == "/metrics";
}

ApiResponse ApiRouter::handle(const ApiRequest& request) {
  const auto started = std::chrono::steady_clock::now();
  auto q = request.target.find('?');
  Call call{request, request.target.substr(0, q), q == std::string::npos ? "" : request.target.substr(q + 1), "", ""};
  ApiResponse response;
  try {
    response = dispatch(call);
  } catch (const std::exception& e) {
    spdlog::error("http: {} {} failed: {}", request.method, call.route.empty() ? "?" : call.route, e.what());
    response = error_response(500, "internal", "the kiosk could not complete the request");
  }
  response.route = call.route.empty() ? "unmatched" : call.route;
  if (!response.event_stream)
    metrics_.observe(request.method, response.route, response.status, std::chrono::steady_clock::now() - started);
  return response;
}

ApiResponse ApiRouter::dispatch(Call& call) {
  const auto& m = call.req.method;
  auto method_not_allowed = [&](const char* allow) {
    auto r = error_response(405, "method_not_allowed", std::string("allowed: ") + allow);
    r.headers.emplace_back("Allow", allow);
    return r;
  };
  if (call.path == "/healthz") {
    call.route = "/healthz";
    if (m != "GET" && m != "HEAD") return method_not_allowed("GET");
    return json_response(200, {{"status", "ok"}});
  }
  if (call.path == "/metrics") {
    call.route = "/metrics";
    if (m != "GET") return method_not_allowed("GET");
    return metrics_page();
  }
  auto parts = split_path(call.path);
  if (parts.size() < 3 || parts[0] != "api" || parts[1] != "v1") {
    call.route = "unmatched";
    return error_response(404, "not_found", "no such endpoint");
  }
  parts.erase(parts.begin(), parts.begin() + 2);
  std::vector<std::string> seg;
  for (auto p : parts) {
    auto d = percent_decode(p);
    if (!d || d->size() > 256) {
      call.route = "unmatched";
      return error_response(400, "bad_path", "malformed path segment");
    }
    seg.push_back(std::move(*d));
  }
  const std::string& first = seg[0];
  if (first == "auth" && seg.size() == 2 && seg[1] == "pin") {
    call.route = "/api/v1/auth/pin";
    if (m != "POST") return method_not_allowed("POST");
    return sign_in(call);
  }
  if (first == "auth" && seg.size() == 2 && seg[1] == "whoami") {
    call.route = "/api/v1/auth/whoami";
    if (m != "GET") return method_not_allowed("GET");
    if (auto denied = require_staff(call)) return *denied;
    return json_response(200, {{"staff_id", call.staff_id}});
  }
  if (first == "customers" && seg.size() == 2) {
    call.route = "/api/v1/customers/{member}";
    if (m != "GET") return method_not_allowed("GET");
    if (auto denied = require_staff(call)) return *denied;
    return get_customer(call, seg[1]);
  }
  if (first == "customers" && seg.size() == 3 && seg[2] == "notes") {
    call.route = "/api/v1/customers/{member}/notes";
    if (m != "POST") return method_not_allowed("POST");
    if (auto denied = require_staff(call)) return *denied;
    return post_note(call, seg[1]);
  }
  if (first == "coupons" && seg.size() == 2 && seg[1] == "redeem") {
    call.route = "/api/v1/coupons/redeem";
    if (m != "POST") return method_not_allowed("POST");
    if (auto denied = require_staff(call)) return *denied;
    return redeem(call);
  }
  if (first == "coupons" && seg.size() == 3 && seg[2] == "barcode.svg") {
    call.route = "/api/v1/coupons/{code}/barcode.svg";
    if (m != "GET") return method_not_allowed("GET");
    if (auto denied = require_staff(call)) return *denied;
    return get_coupon_barcode(call, seg[1]);
  }
  if (first == "coupons" && seg.size() == 2) {
    call.route = "/api/v1/coupons/{code}";
    if (m != "GET") return method_not_allowed("GET");
    if (auto denied = require_staff(call)) return *denied;
    return get_coupon(call, seg[1]);
  }
  if (first == "products" && seg.size() == 3 && seg[2] == "app-link.svg") {
    call.route = "/api/v1/products/{code}/app-link.svg";
    if (m != "GET") return method_not_allowed("GET");
    if (auto denied = require_staff(call)) return *denied;
    return get_product_link_qr(call, seg[1]);
  }
  if (first == "products" && seg.size() == 2) {
    call.route = "/api/v1/products/{code}";
    if (m != "GET") return method_not_allowed("GET");
    if (auto denied = require_staff(call)) return *denied;
    return get_product(call, seg[1]);
  }
  if (first == "events" && seg.size() == 1) {
    call.route = "/api/v1/events";
    if (m != "GET") return method_not_allowed("GET");
    if (auto denied = require_staff(call)) return *denied;
    ApiResponse r;
    r.event_stream = true;
    r.content_type = "text/event-stream";
    return r;
  }
  if (first == "scans" && seg.size() == 1) {
    call.route = "/api/v1/scans";
    if (m != "POST") return method_not_allowed("POST");
    if (auto denied = require_staff(call)) return *denied;
    return post_scan(call);
  }
  call.route = "unmatched";
  return error_response(404, "not_found", "no such endpoint");
}

std::optional<ApiResponse> ApiRouter::require_staff(Call& call) {
  const auto now = options_.steady_clock();
  if (auto wait = limiter_.retry_after(call.req.client, now); wait.count() > 0) {
    auto r = error_response(429, "too_many_attempts", "too many failed sign-ins from this address; try later");
    r.headers.emplace_back("Retry-After", std::to_string(wait.count()));
    return r;
  }
  std::string token;
  auto auth = call.req.header("authorization");
  if (auth.rfind("Bearer ", 0) == 0) token = auth.substr(7);
  // EventSource cannot send headers: the entrance screen passes its token in the query.
  if (token.empty() && call.route == "/api/v1/events") token = query_param(call.query, "access_token");
  if (token.empty()) {
    auto r = error_response(401, "unauthorized", "a staff token is required (Authorization: Bearer ...)");
    r.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"smartstore\"");
    return r;
  }
  if (auto staff = staff_.authenticate(token, now)) {
    call.staff_id = *staff;
    return std::nullopt;
  }
  metrics_.auth_failure();
  unsigned n = limiter_.record_failure(call.req.client, now);
  spdlog::warn("http: unknown or expired staff token from {} on {} ({} failures in the window)", call.req.client,
               call.route, n);
  auto r = error_response(401, "unauthorized", "unknown or expired staff token");
  r.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"smartstore\", error=\"invalid_token\"");
  return r;
}

ApiResponse ApiRouter::sign_in(Call& call) {
  const auto now = options_.steady_clock();
  if (auto wait = limiter_.retry_after(call.req.client, now); wait.count() > 0) {
    auto r = error_response(429, "too_many_attempts", "too many failed sign-ins from this address; try later");
    r.headers.emplace_back("Retry-After", std::to_string(wait.count()));
    return r;
  }
  json body = json::parse(call.req.body, nullptr, false);
  std::vector<FieldError> errors;
  if (!body.is_object()) return error_response(400, "invalid", "expected a JSON object", {{"body", "expected a JSON object"}});
  if (!body.contains("staff_id") || !body["staff_id"].is_string()) errors.push_back({"staff_id", "expected a string"});
  if (!body.contains("pin") || !body["pin"].is_string()) errors.push_back({"pin", "expected a string of digits"});
  if (!errors.empty()) return error_response(400, "invalid", "the sign-in request has bad fields", errors);
  const auto staff_id = body["staff_id"].get<std::string>();
  auto session = staff_.sign_in_with_pin(staff_id, body["pin"].get<std::string>(), now);
  if (!session) {
    metrics_.auth_failure();
    unsigned n = limiter_.record_failure(call.req.client, now);
    spdlog::warn("http: PIN sign-in refused from {} ({} failures in the window)", call.req.client, n);
    return error_response(401, "unauthorized", "unknown staff id or wrong PIN");
  }
  limiter_.record_success(call.req.client);
  spdlog::info("http: staff {} signed in with a PIN from {}", session->staff_id, call.req.client);
  return json_response(200, {{"token", session->token},
                             {"staff_id", session->staff_id},
                             {"expires_in_s", session->expires_in.count()}});
}

ApiResponse ApiRouter::get_customer(Call& call, const std::string& member) {
  auto view = kiosk_.customer(member, options_.wall_clock());
  if (!view) return error_response(404, "not_a_member_code", "not a valid membership number or member code");
  (void)call;
  return json_response(200, to_json(*view, mask_member_number(member)));
}

ApiResponse ApiRouter::post_note(Call& call, const std::string& member) {
  if (!json_content(call.req)) return error_response(415, "unsupported_media_type", "expected application/json");
  auto key = call.req.header("idempotency-key");
  std::vector<FieldError> key_error;
  if (key.empty())
    key_error.push_back({"Idempotency-Key", "required: one unique key per note, reused on retries"});
  else if (!valid_idempotency_key(key))
    key_error.push_back({"Idempotency-Key", "expected 1-128 of A-Z a-z 0-9 - _ : ."});
  auto parsed = parse_note_body(call.req.body);
  parsed.errors.insert(parsed.errors.begin(), key_error.begin(), key_error.end());
  if (!parsed.errors.empty()) return error_response(400, "invalid_note", "the note has bad fields; nothing was stored", parsed.errors);
  auto result = kiosk_.record_note(member, *parsed.note, call.staff_id, key, options_.wall_clock());
  if (!result.errors.empty())
    return error_response(400, "invalid_note", "the note has bad fields; nothing was stored", result.errors);
  if (result.refused) {
    spdlog::warn("http: note not stored: {}", *result.refused);
    auto r = error_response(503, refusal_code(*result.refused), *result.refused);
    r.headers.emplace_back("Retry-After", "30");
    return r;
  }
  if (!result.stored) return error_response(404, "not_a_member_code", "not a valid membership number or member code");
  auto r = json_response(result.replayed ? 200 : 201, to_json(*result.stored));
  r.headers.emplace_back("Location", "/api/v1/notes/" + result.stored->event_id);
  if (result.replayed) r.headers.emplace_back("Idempotent-Replayed", "true");
  return r;
}

ApiResponse ApiRouter::redeem(Call& call) {
  if (!json_content(call.req)) return error_response(415, "unsupported_media_type", "expected application/json");
  json body = json::parse(call.req.body, nullptr, false);
  if (!body.is_object()) return error_response(400, "invalid", "expected a JSON object", {{"body", "expected a JSON object"}});
  std::vector<FieldError> errors;
  if (!body.contains("code") || !body["code"].is_string() || body["code"].get<std::string>().empty() ||
      body["code"].get<std::string>().size() > 256)
    errors.push_back({"code", "expected the coupon code as scanned (1-256 characters)"});
  std::string device = options_.device_id;
  if (body.contains("device_id")) {
    if (!body["device_id"].is_string() || body["device_id"].get<std::string>().size() > 64)
      errors.push_back({"device_id", "expected a string of at most 64 characters"});
    else
      device = body["device_id"].get<std::string>();
  }
  if (!errors.empty()) return error_response(400, "invalid", "the redemption has bad fields", errors);
  auto result = kiosk_.redeem(body["code"].get<std::string>(), device, options_.wall_clock());
  json j = {{"accepted", result.accepted}, {"reason_code", result.reason_code}, {"message", result.message},
            {"coupon", result.coupon ? to_json(*result.coupon) : json(nullptr)}};
  spdlog::info("http: staff {} redemption on {}: {}", call.staff_id, device, result.reason_code);
  if (result.accepted) return json_response(200, j);
  const bool storage = result.reason_code.rfind("storage_", 0) == 0;  // nothing recorded: retry later
  int status = storage ? 503 : result.reason_code == "bad_format" ? 400 : result.reason_code == "throttled" ? 429 : 409;
  j["error"] = result.reason_code;
  auto r = json_response(status, j);
  if (storage) {
    spdlog::warn("http: {}", result.message);
    r.headers.emplace_back("Retry-After", "30");
  }
  return r;
}

ApiResponse ApiRouter::get_coupon(Call&, const std::string& code) {
  auto record = kiosk_.coupon(code, options_.wall_clock());
  if (!record) return error_response(404, "unknown_coupon", "no coupon with this code");
  return json_response(200, to_json(*record));
}

ApiResponse ApiRouter::get_coupon_barcode(Call& call, const std::string& code) {
  auto format_name = query_param(call.query, "format");
  auto symbology = parse_symbology(format_name.empty() ? "qr" : format_name);
  if (!symbology)
    return error_response(400, "invalid", "unknown barcode format", {{"format", "expected qr or code128"}});
  // Only codes this kiosk issued are drawn: the endpoint is not a general barcode printer.
  if (!kiosk_.coupon(code, options_.wall_clock())) return error_response(404, "unknown_coupon", "no coupon with this code");
  auto drawn = render_barcode_svg(code, *symbology);
  if (!drawn.svg) return error_response(422, "not_encodable", drawn.error);
  return svg_response(std::move(drawn));
}

ApiResponse ApiRouter::get_product_link_qr(Call&, const std::string& code) {
  auto item = kiosk_.product(code);
  if (!item) return error_response(404, "unknown_product", "no product with this code in the catalog");
  if (item->app_link.empty()) return error_response(404, "no_app_link", "the catalog lists no app link for this product");
  auto drawn = render_barcode_svg(item->app_link, BarcodeSymbology::qr);
  if (!drawn.svg) return error_response(422, "not_encodable", drawn.error);
  return svg_response(std::move(drawn));
}

ApiResponse ApiRouter::get_product(Call&, const std::string& code) {
  auto item = kiosk_.product(code);
  if (!item) return error_response(404, "unknown_product", "no product with this code in the catalog");
  return json_response(200, to_json(*item));
}

ApiResponse ApiRouter::post_scan(Call& call) {
  if (!json_content(call.req)) return error_response(415, "unsupported_media_type", "expected application/json");
  json body = json::parse(call.req.body, nullptr, false);
  if (!body.is_object() || !body.contains("text") || !body["text"].is_string() ||
      body["text"].get<std::string>().empty() || body["text"].get<std::string>().size() > 512)
    return error_response(400, "invalid", "expected {\"text\": decoded scan}",
                          {{"text", "expected the decoded text (1-512 characters)"}});
  auto outcome = kiosk_.on_scan(body["text"].get<std::string>(), options_.wall_clock());
  spdlog::info("http: staff {} injected a scan: {}", call.staff_id, scan_kind_name(outcome.kind));
  json j = to_public_json(outcome);
  j["member_key"] = outcome.member_key;
  j["error"] = outcome.error ? json(*outcome.error) : json(nullptr);
  // "error" has long carried the text; the code rides beside it.
  j["error_code"] = outcome.error ? json(refusal_code(*outcome.error)) : json(nullptr);
  return json_response(outcome.error ? 503 : 200, j);
}

ApiResponse ApiRouter::metrics_page() {
  ApiResponse r;
  r.content_type = "text/plain; version=0.0.4; charset=utf-8";
  r.body = metrics_.prometheus_text() + kiosk_.metrics_text();
  return r;
}

}  // namespace smartstore::edge::http
