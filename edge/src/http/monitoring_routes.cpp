// Liveness is open to anyone on the store network (a load balancer carries no
// token). The Prometheus figures say how busy the kiosk is and when it last
// synced: open to a scraper on this machine, otherwise behind a staff token.
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
      {"GET", "/healthz", Access::anyone(), healthz},
      {"HEAD", "/healthz", Access::anyone(), healthz},  // the server sends the headers only
      {"GET", "/metrics", Access::monitor(), metrics},
  };
}

}  // namespace smartstore::edge::http
