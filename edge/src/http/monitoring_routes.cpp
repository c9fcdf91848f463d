// Liveness and Prometheus figures: open to anyone on the store network, as a
// scraper and a load balancer carry no staff token.
#include "routes.h"

namespace smartstore::edge::http {

std::vector<Route> monitoring_routes(ApiContext& api) {
  auto healthz = [](const RouteCall&) { return json_response(200, {{"status", "ok"}}); };
  auto metrics = [&api](const RouteCall&) {
    ApiResponse r;
    r.content_type = "text/plain; version=0.0.4; charset=utf-8";
    r.body = api.metrics.prometheus_text() + api.kiosk.metrics_text();
    return r;
  };
  return {
      {"GET", "/healthz", Access::anyone, healthz},
      {"HEAD", "/healthz", Access::anyone, healthz},  // the server sends the headers only
      {"GET", "/metrics", Access::anyone, metrics},
  };
}

}  // namespace smartstore::edge::http
