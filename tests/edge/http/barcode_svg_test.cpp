// GET /api/v1/coupons/{code}/barcode.svg: the SVG the entrance screen shows is
// rasterised here and read back by the scanner library's ZXing decoder, so a
// drawing mistake (geometry, quiet zone, symbology) fails the test.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <regex>

#include "edge/http/recorded_router.h"
#include "smartstore/edge/http/api_router.h"
#include "smartstore/edge/kiosk/kiosk.h"
#include "smartstore/edge/store/kiosk_store.h"
#include "smartstore/models/member_key.h"
#include "smartstore/scanner/decoder.h"
#include "support/member_numbers.h"
#include "support/test_paths.h"

using namespace smartstore;
using namespace smartstore::edge;
using namespace smartstore::edge::http;
using nlohmann::json;
using smartstore::testing::with_luhn_digit;

namespace {

const std::string kToken = "staff-token-for-barcode-tests-0123456789abcdef0123456789";

StaffEntry entrance_staff() {
  StaffEntry e;
  e.id = "entrance";
  e.token_sha256 = sha256_hex(kToken);
  return e;
}

struct Api {
  testing::TempDir dir;
  std::vector<unsigned char> deployment_key = std::vector<unsigned char>(32, 0x42);
  store::KioskStore store{dir / "kiosk.db", store::StoreOptions{.store_id = "S001"}};
  kiosk::Kiosk kiosk{store, [&] {
                       kiosk::KioskOptions o;
                       o.store_id = "S001";
                       o.deployment_key = deployment_key;
                       return o;
                     }()};
  StaffAuthority staff{{entrance_staff()}};
  FailedAttemptLimiter limiter;
  HttpMetrics metrics;
  ApiRouter router{kiosk, staff, limiter, metrics};
  const std::string member = with_luhn_digit("800100200300400");

  Api() {
    REQUIRE(store.keys().add(1, std::vector<unsigned char>(32, 0x07), Clock::now()));
    models::CustomerProfile p;
    p.member_key = models::member_key(deployment_key, member);
    p.tier = "star";
    p.grade = "VIP";
    p.segment = "VIP";
    p.behaviour_type = "mania";
    p.preferences = {{"여성의류", 100, 12}};
    REQUIRE(store.profiles().load({p}));
  }

  ApiResponse get(const std::string& target, bool authorised = true) {
    std::vector<std::pair<std::string, std::string>> headers;
    if (authorised) headers.emplace_back("authorization", "Bearer " + kToken);
    return testing::handle_recorded(router, ApiRequest{"GET", target, std::move(headers), "", "10.0.0.7"});
  }

  std::string issue_coupon() {
    auto outcome = kiosk.on_scan(member, Clock::now());
    REQUIRE_MESSAGE(outcome.coupon.has_value(), outcome.reason_code);
    return outcome.coupon->code;
  }
};

std::string header_of(const ApiResponse& r, const std::string& name) {
  for (const auto& [k, v] : r.headers)
    if (k == name) return v;
  return {};
}

// The SVG's dark <rect>s painted at `scale` pixels per module onto white.
scanner::GreyImage rasterise(const std::string& svg, int scale) {
  std::smatch box;
  REQUIRE(std::regex_search(svg, box, std::regex(R"re(viewBox="0 0 (\d+) (\d+)")re")));
  const int w = std::stoi(box[1]), h = std::stoi(box[2]);
  scanner::GreyImage img{w * scale, h * scale,
                         std::vector<std::uint8_t>(static_cast<std::size_t>(w * h * scale * scale), 255)};
  const std::regex rect(R"re(<rect x="(\d+)" y="(\d+)" width="(\d+)" height="(\d+)"/>)re");
  int rects = 0;
  for (std::sregex_iterator it(svg.begin(), svg.end(), rect), end; it != end; ++it, ++rects) {
    const int x = std::stoi((*it)[1]), y = std::stoi((*it)[2]), rw = std::stoi((*it)[3]),
              rh = std::stoi((*it)[4]);
    REQUIRE(x + rw <= w);
    REQUIRE(y + rh <= h);
    for (int py = y * scale; py < (y + rh) * scale; ++py)
      for (int px = x * scale; px < (x + rw) * scale; ++px)
        img.pixels[static_cast<std::size_t>(py * img.width + px)] = 0;
  }
  CHECK(rects > 10);
  return img;
}

std::vector<scanner::DecodedCode> decode(const scanner::GreyImage& img) {
  scanner::DecodeOptions o;
  o.max_codes = 2;
  return scanner::FrameDecoder(o).decode(img)->codes;
}

}  // namespace

TEST_CASE("a coupon's QR code as SVG decodes back to the coupon code") {
  Api api;
  const auto code = api.issue_coupon();
  auto r = api.get("/api/v1/coupons/" + code + "/barcode.svg?format=qr");
  REQUIRE_MESSAGE(r.status == 200, r.body);
  CHECK(r.content_type == "image/svg+xml");
  CHECK(r.route == "/api/v1/coupons/{code}/barcode.svg");
  const auto modules = header_of(r, "X-Barcode-Modules");
  // A square symbol: version 1-40 is 21-177 modules plus a 4-module quiet zone each side.
  const auto x = modules.find('x');
  REQUIRE(x != std::string::npos);
  CHECK(modules.substr(0, x) == modules.substr(x + 1));
  CHECK(std::stoi(modules.substr(0, x)) >= 21 + 8);
  auto codes = decode(rasterise(r.body, 4));
  REQUIRE(codes.size() == 1);
  CHECK(codes[0].format == "QRCode");
  CHECK(codes[0].text == code);
  // Without a format the QR code is drawn.
  CHECK(api.get("/api/v1/coupons/" + code + "/barcode.svg").body == r.body);
}

TEST_CASE("a coupon's Code 128 as SVG decodes back to the coupon code") {
  Api api;
  const auto code = api.issue_coupon();
  auto r = api.get("/api/v1/coupons/" + code + "/barcode.svg?format=code128");
  REQUIRE_MESSAGE(r.status == 200, r.body);
  // 11 modules per character, start and check symbols, a 13-module stop, 10-module quiet zones.
  const auto modules = header_of(r, "X-Barcode-Modules");
  const int wide = std::stoi(modules.substr(0, modules.find('x')));
  CHECK(wide <= 11 * (static_cast<int>(code.size()) + 2) + 13 + 20);
  auto codes = decode(rasterise(r.body, 3));
  REQUIRE(codes.size() == 1);
  CHECK(codes[0].format == "Code128");
  CHECK(codes[0].text == code);
}

TEST_CASE("barcode.svg draws only this kiosk's coupons, for staff, in a known format") {
  Api api;
  const auto code = api.issue_coupon();
  CHECK(api.get("/api/v1/coupons/" + code + "/barcode.svg", false).status == 401);
  auto unknown = api.get("/api/v1/coupons/SC1.NOTACOUPON/barcode.svg");
  CHECK(unknown.status == 404);
  CHECK(json::parse(unknown.body)["error"] == "unknown_coupon");
  auto bad = api.get("/api/v1/coupons/" + code + "/barcode.svg?format=pdf417");
  CHECK(bad.status == 400);
  CHECK(json::parse(bad.body)["fields"][0]["field"] == "format");
  auto post = testing::handle_recorded(api.router, ApiRequest{"POST",
                                                              "/api/v1/coupons/" + code + "/barcode.svg",
                                                              {{"authorization", "Bearer " + kToken}},
                                                              "",
                                                              "x"});
  CHECK(post.status == 405);
}
