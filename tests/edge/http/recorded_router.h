#pragma once
// The in-process API tests call the router through here: each response is
// also appended, as one JSON line, to <build>/api-responses/<pid>.jsonl, and
// the ctest web/openapi_responses checks every line against the schema of
// its route and status in docs/openapi.yaml (tests/web/openapi_responses.mjs).
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>

#include "smartstore/edge/http/api_router.h"
#include "support/test_paths.h"

namespace smartstore::testing {

inline edge::http::ApiResponse handle_recorded(edge::http::ApiRouter& router,
                                               const edge::http::ApiRequest& request) {
  auto response = router.handle(request);
  static std::mutex mutex;
  static std::ofstream out = [] {
    auto dir = binary_dir() / "api-responses";
    std::filesystem::create_directories(dir);
    return std::ofstream(dir / (std::to_string(::getpid()) + ".jsonl"), std::ios::app);
  }();
  nlohmann::json headers = nlohmann::json::array();
  for (const auto& [k, v] : response.headers) headers.push_back({k, v});
  nlohmann::json line = {{"method", request.method},
                         {"target", request.target},
                         {"route", response.route},
                         {"status", response.status},
                         {"content_type", response.content_type},
                         {"headers", headers},
                         {"body", response.body}};
  std::lock_guard lock(mutex);
  out << line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n' << std::flush;
  return response;
}

}  // namespace smartstore::testing
