#pragma once
// A router over the real Kiosk and a real SQLite file, with two PIN staff
// (lee 482913, park 111111), for tests that attack the API's doors.
#include <string>
#include <utility>
#include <vector>

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
  explicit RouterRig(unsigned iterations = 1000)
      : staff{{pin_staff("lee", "482913", iterations), pin_staff("park", "111111", iterations)}} {}
  TempDir dir;
  store::KioskStore store{dir / "kiosk.db", store::StoreOptions{.store_id = "S001"}};
  kiosk::Kiosk kiosk{store, kiosk_options(std::vector<unsigned char>(32, 0x42))};
  StaffAuthority staff;
  FailedAttemptLimiter limiter{AttemptLimitOptions{.max_failures = 5}};
  HttpMetrics metrics;
  ApiRouter router{kiosk, staff, limiter, metrics, ApiOptions{.device_id = "K01"}};

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
