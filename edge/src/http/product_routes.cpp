// A shelf code against HQ's catalog, and its app link drawn as a QR code.
#include "barcode_svg.h"
#include "routes.h"
#include "view_json.h"

namespace smartstore::edge::http {
namespace {

ApiResponse unknown_product() {
  return error_response(ErrorKind::not_found, "unknown_product", "no product with this code in the catalog");
}

ApiResponse get_product(ApiContext& api, const RouteCall& call) {
  auto item = api.kiosk.product(call.params[0]);
  if (!item) return unknown_product();
  return json_response(200, to_json(*item));
}

ApiResponse get_app_link_qr(ApiContext& api, const RouteCall& call) {
  auto item = api.kiosk.product(call.params[0]);
  if (!item) return unknown_product();
  if (item->app_link.empty())
    return error_response(ErrorKind::not_found, "no_app_link",
                          "the catalog lists no app link for this product");
  return svg_response(render_barcode_svg(item->app_link, BarcodeSymbology::qr));
}

}  // namespace

std::vector<Route> product_routes(ApiContext& api) {
  return {
      {"GET", "/api/v1/products/{code}", Access::for_roles({Role::staff, Role::till}),
       [&api](const RouteCall& c) { return get_product(api, c); }},
      {"GET", "/api/v1/products/{code}/app-link.svg", Access::for_roles({Role::display, Role::staff}),
       [&api](const RouteCall& c) { return get_app_link_qr(api, c); }},
  };
}

}  // namespace smartstore::edge::http
