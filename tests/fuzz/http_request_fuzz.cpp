// tests/fuzz/fuzz.cmake reads each list below from a single line.
// clang-format off
// fuzz-sources: edge/src/http/api_router.cpp edge/src/http/route_table.cpp edge/src/http/error_codes.cpp edge/src/http/route_bodies.cpp edge/src/http/monitoring_routes.cpp edge/src/http/auth_routes.cpp edge/src/http/customer_routes.cpp edge/src/http/coupon_routes.cpp edge/src/http/product_routes.cpp edge/src/http/scan_routes.cpp edge/src/http/barcode_svg.cpp edge/src/http/note_body.cpp edge/src/http/view_json.cpp edge/src/http/staff_auth.cpp edge/src/http/http_metrics.cpp edge/src/http/staff_pairing.cpp edge/src/http/free_text.cpp edge/src/store/journal_json.cpp models/src/snapshot_format.cpp
// fuzz-links: smartstore_common nlohmann_json::nlohmann_json spdlog::spdlog tomlplusplus::tomlplusplus OpenSSL::Crypto ZXing::ZXing
// clang-format on
// A request from the store network as the router sees it once the server has
// framed it: any method, target, headers and body. The router must answer
// every one (never throw), with a real status, JSON bodies that parse, a route
// label from its fixed set (never the raw path), and never echo a full member
// number. Input: "METHOD TARGET\nname: value\n...\n\nBODY".
#include <spdlog/spdlog.h>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "smartstore/edge/http/api_router.h"

namespace {
using namespace smartstore::edge;

// Answers like the real kiosk does, without storage: enough to reach every
// branch of the router's translation code.
class FakeKiosk final : public KioskService {
 public:
  ScanOutcome on_scan(const std::string& text, Clock::time_point now) override {
    ScanOutcome o;
    o.kind = text.size() % 2 ? ScanKind::member : ScanKind::unknown;
    o.member_key = std::string(64, 'a');
    if (text.size() % 3 == 0) o.coupon = coupon(now);
    if (text.size() % 5 == 0) o.error = smartstore::Error(smartstore::ErrorKind::outbox_full, "outbox full");
    return o;
  }
  std::optional<CustomerView> customer(const std::string& member, Clock::time_point now) override {
    if (member.empty() || member.size() % 4 == 0) return std::nullopt;
    CustomerView v;
    v.profile.member_key = std::string(64, 'b');
    v.recent_coupons.push_back({coupon(now), v.profile.member_key, "issued", std::nullopt});
    return v;
  }
  smartstore::Result<RecordedNote> record_note(const std::string& member, const StaffNote& note,
                                               const std::string& staff, const std::string& key,
                                               Clock::time_point) override {
    using smartstore::Error;
    using smartstore::ErrorKind;
    if (member.size() % 3 == 0)
      return Error(ErrorKind::invalid_input, "bad note")
          .with_fields({{"member", "expected a valid membership number"}});
    if (member.size() % 3 == 1) return Error(ErrorKind::storage_full, "disk full");
    return RecordedNote{StoredNote{"0190-event", std::string(64, 'c'), staff, "2026-11-23T00:00:00Z", note},
                        key.size() % 2 == 0};
  }
  smartstore::Result<std::string> forget_member(const std::string& member, const std::string&,
                                                Clock::time_point) override {
    if (member.size() % 2)
      return smartstore::Error(smartstore::ErrorKind::invalid_input, "not a member code");
    return std::string(64, 'f');
  }
  smartstore::Result<std::string> withdraw_consent(const std::string& member, const std::string&,
                                                   Clock::time_point) override {
    if (member.size() % 2)
      return smartstore::Error(smartstore::ErrorKind::invalid_input, "not a member code");
    return std::string(64, 'f');
  }
  RedeemResult redeem(const std::string& code, const std::string&, Clock::time_point now) override {
    RedeemResult r;
    r.accepted = code.size() % 2 == 0;
    r.reason_code = r.accepted ? "ok" : code.size() % 3 ? "bad_format" : "throttled";
    if (r.accepted)
      r.coupon = CouponRecord{coupon(now), std::string(64, 'd'), "redeemed", "2026-11-23T00:00:00Z"};
    return r;
  }
  std::optional<CouponRecord> coupon(const std::string& code, Clock::time_point now) override {
    if (code.size() % 2) return std::nullopt;
    return CouponRecord{coupon(now), std::string(64, 'e'), "issued", std::nullopt};
  }
  std::optional<CatalogItem> product(const std::string& code) override {
    if (code.size() % 2) return std::nullopt;
    CatalogItem c;
    c.gtin = code;
    c.name = "상품";
    return c;
  }
  void on_scan_outcome(std::function<void(const ScanOutcome&)>) override {}
  std::string metrics_text() override { return "smartstore_outbox_depth 0\n"; }

 private:
  static IssuedCoupon coupon(Clock::time_point now) {
    IssuedCoupon c;
    c.coupon_id = "c0123456789abcdef";
    c.code = "SC1.AEAQCI2FM6E2XTPP32W353YAAMA3VAKAYDHMWQW3W4JAC36Q";
    c.offer_id = "star_thank_you";
    c.expires_at = now;
    return c;
  }
};

// How many answers reached past the rate limits: printed when the fuzzer
// exits, so a change that lets 429s swamp the run shows.
struct Answers {
  std::uint64_t total = 0, too_many = 0, success = 0;
  ~Answers() {
    if (total == 0) return;
    std::fprintf(stderr,
                 "http_request_fuzz: %llu requests, %llu answered 429 (%.1f %% reached past the limits), "
                 "%llu answered 2xx\n",
                 static_cast<unsigned long long>(total), static_cast<unsigned long long>(too_many),
                 100.0 * static_cast<double>(total - too_many) / static_cast<double>(total),
                 static_cast<unsigned long long>(success));
  }
};

// The router's clocks belong to the fuzzer. With the real ones, failed
// sign-ins from eight addresses lock them out for minutes to an hour, and
// thousands of inputs a second then answer 429 without reaching a handler.
// Most inputs move time on by two hours (every lockout has ended, the longest
// is an hour, and its doubling is forgotten after an hour's quiet); one in
// eight by a second, so failures still pile up within the minute and the
// lockout and its 429 are fuzzed too.
struct FuzzClock {
  http::SteadyClock::time_point steady{};
  Clock::time_point wall = Clock::time_point(std::chrono::seconds(1'780'000'000));
  void advance(std::chrono::seconds by) {
    steady += by;
    wall += by;
  }
};

http::AttemptLimitOptions fuzz_limits() {
  http::AttemptLimitOptions o;  // the kiosk's defaults, stated: the fuzzer depends on them
  o.max_failures = 5;
  o.window = std::chrono::seconds(60);
  o.lockout = std::chrono::seconds(60);
  o.max_lockout = std::chrono::seconds(3600);
  return o;
}

struct Fixture {
  Fixture() { spdlog::set_level(spdlog::level::off); }  // the router logs every refusal: too slow to fuzz
  Answers answers;
  FuzzClock clock;
  FakeKiosk kiosk;
  // A staff token and a till token: only a till reaches the redemption handler.
  http::StaffAuthority staff{{{"kim", http::sha256_hex("fuzz-token"), "", "", 1},
                              {"till", http::sha256_hex("fuzz-till"), "", "", 1, http::Role::till}}};
  http::FailedAttemptLimiter limiter{fuzz_limits()};
  http::HttpMetrics metrics;
  http::ApiRouter router{
      kiosk, staff, limiter, metrics,
      http::ApiOptions{"kiosk", [this] { return clock.wall; }, [this] { return clock.steady; }}};
};

bool has_long_digit_run(std::string_view s) {
  std::size_t run = 0;
  for (char c : s) {
    run = (c >= '0' && c <= '9') ? run + 1 : 0;
    if (run >= 16) return true;
  }
  return false;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Fixture f;
  f.clock.advance(size > 0 && data[size - 1] % 8 == 0 ? std::chrono::seconds(1) : std::chrono::seconds(7200));
  std::string_view in(reinterpret_cast<const char*>(data), size);
  http::ApiRequest req;
  req.client = "10.0.0." + std::to_string(size % 8);
  auto line_end = in.find('\n');
  auto first = in.substr(0, line_end);
  auto sp = first.find(' ');
  req.method = std::string(first.substr(0, sp));
  if (sp != std::string_view::npos) req.target = std::string(first.substr(sp + 1));
  in.remove_prefix(line_end == std::string_view::npos ? in.size() : line_end + 1);
  while (!in.empty()) {
    auto end = in.find('\n');
    auto line = in.substr(0, end);
    in.remove_prefix(end == std::string_view::npos ? in.size() : end + 1);
    if (line.empty()) break;
    auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string name(line.substr(0, colon));
    for (auto& c : name) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    auto value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    req.headers.emplace_back(std::move(name), std::string(value));
  }
  req.body = std::string(in);

  auto r = f.router.handle(req);
  ++f.answers.total;
  if (r.status == 429) ++f.answers.too_many;
  if (r.status >= 200 && r.status < 300) ++f.answers.success;
  if (r.status < 100 || r.status > 599) std::abort();
  if (r.route.empty() || (r.route != "unmatched" && r.route != "/healthz" && r.route != "/metrics" &&
                          r.route.rfind("/api/v1/", 0) != 0))
    std::abort();
  if (!r.event_stream && r.content_type.rfind("application/json", 0) == 0 &&
      nlohmann::json::parse(r.body, nullptr, false).is_discarded())
    std::abort();
  // The fake never hands out a member number, so one in the answer came from the request.
  if (has_long_digit_run(r.body) && !has_long_digit_run(req.target) && !has_long_digit_run(req.body))
    std::abort();
  if (has_long_digit_run(req.target) && r.route == "/api/v1/customers/{member}" &&
      r.body.find(std::string(req.target.substr(req.target.rfind('/') + 1))) != std::string::npos &&
      has_long_digit_run(req.target.substr(req.target.rfind('/') + 1)))
    std::abort();  // the customer view shows the number masked, never whole
  return 0;
}
