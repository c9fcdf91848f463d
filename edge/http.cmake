# edge HTTP API and pages (issue 7). Beast is confined to http_server.cpp.
list(APPEND EDGE_SOURCES
  ${CMAKE_CURRENT_SOURCE_DIR}/src/http/staff_auth.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/src/http/note_body.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/src/http/view_json.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/src/http/api_router.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/src/http/route_table.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/src/http/error_codes.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/src/http/route_bodies.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/src/http/monitoring_routes.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/src/http/auth_routes.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/src/http/customer_routes.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/src/http/coupon_routes.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/src/http/product_routes.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/src/http/scan_routes.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/src/http/http_metrics.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/src/http/static_files.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/src/http/barcode_svg.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/src/http/http_server.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/src/http/http_component.cpp
)
# Where the pages are looked for: the source tree by default; the packages set
# SMARTSTORE_WEB_DIR to the installed copy (cmake/Install.cmake). The
# environment variable of the same name overrides either at run time.
set(SMARTSTORE_WEB_DIR "${CMAKE_CURRENT_SOURCE_DIR}/web" CACHE PATH "Where smartstored finds its web pages")
set_source_files_properties(${CMAKE_CURRENT_SOURCE_DIR}/src/http/static_files.cpp PROPERTIES
  COMPILE_DEFINITIONS "SMARTSTORE_WEB_DIR=\"${SMARTSTORE_WEB_DIR}\"")
# Coupon barcodes are drawn with ZXing's writer (barcode_svg.cpp). The target
# is declared after this file is included, hence the deferred call.
cmake_language(DEFER CALL target_link_libraries smartstore_edge PRIVATE ZXing::ZXing)
