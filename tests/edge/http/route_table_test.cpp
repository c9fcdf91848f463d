// The route table: how a path finds its route, and that docs/openapi.yaml
// lists exactly the table's (method, path) pairs.
#include <doctest/doctest.h>

#include "../../../edge/src/http/route_table.h"
#include "edge/http/openapi_yaml.h"
#include "smartstore/edge/http/api_router.h"

using namespace smartstore;
using namespace smartstore::edge;
using namespace smartstore::edge::http;

namespace {

ApiResponse answer(const RouteCall&) {
  return {};
}

RouteTable sample_table() {
  return RouteTable({
      {"GET", "/healthz", Access::anyone(), answer},
      {"HEAD", "/healthz", Access::anyone(), answer},
      {"POST", "/api/v1/coupons/redeem", Access::for_roles({Role::staff}), answer},
      {"GET", "/api/v1/coupons/{code}", Access::for_roles({Role::staff}), answer},
      {"GET", "/api/v1/coupons/{code}/barcode.svg", Access::for_roles({Role::staff}), answer},
  });
}

// A router over no kiosk: routes() never calls it.
class NoKiosk final : public KioskService {
 public:
  ScanOutcome on_scan(const std::string&, Clock::time_point) override { return {}; }
  std::optional<CustomerView> customer(const std::string&, Clock::time_point) override { return {}; }
  Result<RecordedNote> record_note(const std::string&, const StaffNote&, const std::string&,
                                   const std::string&, Clock::time_point) override {
    return fail(ErrorKind::internal, "no kiosk");
  }
  Result<std::string> forget_member(const std::string&, const std::string&, Clock::time_point) override {
    return fail(ErrorKind::internal, "no kiosk");
  }
  Result<std::string> withdraw_consent(const std::string&, const std::string&, Clock::time_point) override {
    return fail(ErrorKind::internal, "no kiosk");
  }
  RedeemResult redeem(const std::string&, const std::string&, Clock::time_point) override { return {}; }
  std::optional<CouponRecord> coupon(const std::string&, Clock::time_point) override { return {}; }
  std::optional<CatalogItem> product(const std::string&) override { return {}; }
  void on_scan_outcome(std::function<void(const ScanOutcome&)>) override {}
  std::string metrics_text() override { return {}; }
};

}  // namespace

TEST_CASE("docs/openapi.yaml lists exactly the router's (method, path) pairs") {
  NoKiosk kiosk;
  StaffAuthority staff{{}};
  FailedAttemptLimiter limiter;
  HttpMetrics metrics;
  ApiRouter router{kiosk, staff, limiter, metrics};
  std::set<std::pair<std::string, std::string>> table;
  for (const auto& r : router.routes())
    CHECK_MESSAGE(table.insert(r).second, "listed twice: " << r.first << " " << r.second);
  const auto spec = testing::openapi_operations();
  // Pairs, not structured bindings: clang 14 cannot capture a binding in CHECK_MESSAGE.
  for (const auto& op : table)
    CHECK_MESSAGE(spec.count(op), "not in the spec: " << op.first << " " << op.second);
  for (const auto& op : spec) CHECK_MESSAGE(table.count(op), "not a route: " << op.first << " " << op.second);
  CHECK(table.size() == 18);
}

TEST_CASE("a literal segment listed first wins over a parameter; parameters arrive decoded") {
  auto table = sample_table();
  auto redeem = table.match("POST", "/api/v1/coupons/redeem");
  REQUIRE(redeem);
  CHECK(redeem->pattern == "/api/v1/coupons/redeem");
  CHECK(redeem->params.empty());
  auto wrong_method = table.match("GET", "/api/v1/coupons/redeem");
  REQUIRE(wrong_method);
  CHECK(wrong_method->route == nullptr);
  CHECK(wrong_method->allow == "POST");
  auto coupon = table.match("GET", "//api/v1//coupons/SC1.A%2FB/barcode.svg/");
  REQUIRE(coupon);
  REQUIRE(coupon->route != nullptr);
  CHECK(coupon->pattern == "/api/v1/coupons/{code}/barcode.svg");
  CHECK(coupon->params == std::vector<std::string>{"SC1.A/B"});
}

TEST_CASE("paths outside /api/v1 match exactly; malformed or unknown paths are errors with kinds") {
  auto table = sample_table();
  auto health = table.match("POST", "/healthz");
  REQUIRE(health);
  CHECK(health->route == nullptr);
  CHECK(health->allow == "GET, HEAD");
  CHECK_FALSE(table.match("GET", "/healthz/"));
  auto unknown = table.match("GET", "/api/v1/nothing");
  REQUIRE_FALSE(unknown);
  CHECK(unknown.error().kind() == ErrorKind::not_found);
  CHECK(table.match("GET", "/api/v1").error().kind() == ErrorKind::not_found);
  CHECK(table.match("GET", "/api/v1/coupons/%zz").error().kind() == ErrorKind::invalid_input);
  CHECK(table.match("GET", "/api/v1/coupons/" + std::string(257, 'a')).error().kind() ==
        ErrorKind::invalid_input);
  CHECK(table.match("GET", "/api/v1/coupons/" + std::string(256, 'a')));
}

TEST_CASE("query parameters are found by name and decoded") {
  CHECK(query_param("format=code128&access_token=a%2Bb", "access_token") == "a+b");
  CHECK(query_param("format=qr", "access_token").empty());
  CHECK(query_param("access_token=%zz", "access_token").empty());
}
