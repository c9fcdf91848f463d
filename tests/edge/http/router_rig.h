#pragma once
// A router over the real Kiosk and a real SQLite file, with two PIN staff
// (lee 482913, park 111111), a till and a display token, for tests that
// attack the API's doors.
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "edge/http/recorded_router.h"
#include "smartstore/edge/http/api_router.h"
#include "smartstore/edge/kiosk/kiosk.h"
#include "smartstore/edge/store/kiosk_store.h"
#include "support/kiosk_fixtures.h"
#include "support/test_paths.h"

namespace smartstore::testing {

using namespace smartstore::edge;
using namespace smartstore::edge::http;

struct RouterRig {
  static constexpr const char* till_token = "rig-till-token-0123456789abcdef";
  static constexpr const char* display_token = "rig-display-token-0123456789abcdef";

  explicit RouterRig(unsigned iterations = 1000)
      : staff{{pin_staff("lee", "482913", iterations), pin_staff("park", "111111", iterations),
               with_role(token_staff("till-1", till_token), Role::till),
               with_role(token_staff("screen-1", display_token), Role::display)}} {}
  TempDir dir;
  store::KioskStore store{dir / "kiosk.db", store::StoreOptions{.store_id = "S001"}};
  kiosk::Kiosk kiosk{store, kiosk_options(std::vector<unsigned char>(32, 0x42))};
  StaffAuthority staff;
  FailedAttemptLimiter limiter{AttemptLimitOptions{.max_failures = 5}};
  HttpMetrics metrics;
  ApiRouter router{kiosk, staff, limiter, metrics, ApiOptions{.device_id = "K01"}};

  static StaffEntry with_role(StaffEntry e, Role role) {
    e.role = role;
    return e;
  }
  // A session token for a PIN staff member ("" when refused).
  std::string session(const std::string& id, const std::string& pin) {
    const std::string body = R"({"staff_id":")" + id + R"(","pin":")" + pin + R"("})";
    auto r = handle_recorded(router, ApiRequest{"POST", "/api/v1/auth/pin", {}, body, "127.0.0.1"});
    return r.status == 200 ? nlohmann::json::parse(r.body)["token"].get<std::string>() : std::string();
  }
  ApiResponse call(const std::string& method, const std::string& target, const std::string& token,
                   const std::string& body = "", const std::string& client = "10.0.9.9") {
    std::vector<std::pair<std::string, std::string>> headers;
    if (!token.empty()) headers.emplace_back("authorization", "Bearer " + token);
    return handle_recorded(router, ApiRequest{method, target, std::move(headers), body, client});
  }
  int pin(const std::string& id, const std::string& pin, const std::string& client) {
    const std::string body = R"({"staff_id":")" + id + R"(","pin":")" + pin + R"("})";
    return handle_recorded(router, ApiRequest{"POST", "/api/v1/auth/pin", {}, body, client}).status;
  }
  ApiResponse get(const std::string& target, const std::string& client,
                  std::vector<std::pair<std::string, std::string>> headers = {}) {
    return handle_recorded(router, ApiRequest{"GET", target, std::move(headers), "", client});
  }
};

}  // namespace smartstore::testing
