#include "route_table.h"

#include <optional>

namespace smartstore::edge::http {
namespace {

constexpr std::size_t max_segment_bytes = 256;

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<std::string> percent_decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out.push_back(s[i]);
      continue;
    }
    if (i + 2 >= s.size()) return std::nullopt;
    int hi = hex_value(s[i + 1]), lo = hex_value(s[i + 2]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out.push_back(static_cast<char>(hi * 16 + lo));
    i += 2;
  }
  return out;
}

// Empty segments are dropped: "/api//v1/x/" is "/api/v1/x".
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

bool is_param(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{';
}

// The decoded segments after /api/v1/, or an error for a malformed one.
Result<std::vector<std::string>> api_segments(std::string_view path) {
  auto parts = split_path(path);
  if (parts.size() < 3 || parts[0] != "api" || parts[1] != "v1")
    return fail(ErrorKind::not_found, "no such endpoint", "http");
  std::vector<std::string> segments;
  for (std::size_t i = 2; i < parts.size(); ++i) {
    auto decoded = percent_decode(parts[i]);
    if (!decoded || decoded->size() > max_segment_bytes)
      return fail(ErrorKind::invalid_input, "malformed path segment", "http");
    segments.push_back(std::move(*decoded));
  }
  return segments;
}

// The {...} values when `pattern` (under /api/v1/) matches the segments.
std::optional<std::vector<std::string>> bind_params(std::string_view pattern,
                                                    const std::vector<std::string>& segments) {
  auto parts = split_path(pattern);
  if (parts.size() != segments.size() + 2) return std::nullopt;
  std::vector<std::string> params;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    if (is_param(parts[i + 2]))
      params.push_back(segments[i]);
    else if (parts[i + 2] != segments[i])
      return std::nullopt;
  }
  return params;
}

bool under_api(std::string_view pattern) {
  return pattern.rfind("/api/v1/", 0) == 0;
}

}  // namespace

RouteTable::RouteTable(std::vector<Route> routes) : routes_(std::move(routes)) {}

Result<RouteMatch> RouteTable::match(std::string_view method, std::string_view path) const {
  RouteMatch found;
  // Paths outside /api/v1 (/healthz, /metrics) match exactly as written.
  for (const auto& r : routes_)
    if (!under_api(r.pattern) && r.pattern == path) found.pattern = r.pattern;
  if (found.pattern.empty()) {
    auto segments = api_segments(path);
    if (!segments) return std::move(segments).error();
    for (const auto& r : routes_) {
      if (!under_api(r.pattern)) continue;
      if (auto params = bind_params(r.pattern, *segments)) {
        found.pattern = r.pattern;
        found.params = std::move(*params);
        break;
      }
    }
    if (found.pattern.empty()) return fail(ErrorKind::not_found, "no such endpoint", "http");
  }
  for (const auto& r : routes_) {
    if (r.pattern != found.pattern) continue;
    if (!found.allow.empty()) found.allow += ", ";
    found.allow += r.method;
    if (r.method == method) found.route = &r;
  }
  return found;
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

}  // namespace smartstore::edge::http
