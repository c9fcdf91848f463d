#pragma once
// The API's routes as data: method, path pattern, who may call it, handler.
// The router runs the access checks once, from the route's Access, so a
// handler only sees callers it serves; docs/openapi.yaml lists exactly these
// routes (tests/edge/http/openapi_contract_test.cpp compares the two).
#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "smartstore/common/result.h"
#include "smartstore/edge/http/api_router.h"

namespace smartstore::edge::http {

// The roles a route lets in.
class RoleSet {
 public:
  constexpr RoleSet(std::initializer_list<Role> roles) {
    for (Role r : roles) bits_ |= bit(r);
  }
  [[nodiscard]] constexpr bool contains(Role r) const { return (bits_ & bit(r)) != 0; }

 private:
  static constexpr unsigned bit(Role r) { return 1u << static_cast<unsigned>(r); }
  unsigned bits_ = 0;
};

// Who may call a route. A token is only ever read from the Authorization
// header: a token in a URL ends up in histories, logs and Referer headers.
struct Access {
  enum class Gate {
    anyone,   // health: no token, no rate limit
    monitor,  // metrics: a scraper on this machine, or a token of `roles` from elsewhere
    sign_in,  // no token, but an address locked out by failed sign-ins waits
    token,    // a bearer token whose role is one of `roles`
  };
  Gate gate = Gate::token;
  RoleSet roles{};

  static constexpr Access anyone() { return {Gate::anyone, {}}; }
  static constexpr Access monitor() { return {Gate::monitor, {Role::staff}}; }
  static constexpr Access sign_in() { return {Gate::sign_in, {}}; }
  static constexpr Access for_roles(RoleSet roles) { return {Gate::token, roles}; }
};

// What a handler is given: the request, the {...} segments of its pattern
// (percent-decoded, in order) and, on token routes, who called.
struct RouteCall {
  const ApiRequest& request;
  std::vector<std::string> params;
  std::string_view query;
  std::string staff_id;
  Role role = Role::staff;
  SteadyClock::time_point steady_now;  // read once per request: the limiter and sign-in agree
};

struct Route {
  std::string_view method;
  std::string_view pattern;  // "/api/v1/coupons/{code}"; also the metrics label
  Access access;
  std::function<ApiResponse(const RouteCall&)> handler;
};

struct RouteMatch {
  const Route* route = nullptr;  // null: the path has routes, none for this method (405)
  std::string_view pattern;
  std::vector<std::string> params;
  std::string allow;  // the path's methods, "GET, HEAD", for the Allow header of a 405
};

class RouteTable {
 public:
  explicit RouteTable(std::vector<Route> routes);

  // The route for a path (no query). Patterns are tried in table order, so a
  // literal segment listed first ("coupons/redeem") wins over a parameter
  // ("coupons/{code}"). Errors: not_found (no pattern matches) and
  // invalid_input (a malformed %-escape or a segment over 256 bytes).
  [[nodiscard]] Result<RouteMatch> match(std::string_view method, std::string_view path) const;
  [[nodiscard]] const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

// The value of `name` in a query string, %-decoded; "" when absent or malformed.
[[nodiscard]] std::string query_param(std::string_view query, std::string_view name);

}  // namespace smartstore::edge::http
