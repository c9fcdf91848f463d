#include <doctest/doctest.h>

#include "smartstore/edge/kiosk_config.h"
#include "support/test_paths.h"

using smartstore::edge::load_kiosk_config;
using smartstore::edge::parse_kiosk_config;

namespace {
const char* kMinimal = R"(
[kiosk]
store_id = "S001"
kiosk_id = "K01"
data_dir = "/tmp/ss"
deployment_key_file = "/tmp/ss/dk"
coupon_key_file = "/tmp/ss/ck"

[http]
listen = "127.0.0.1:8080"
staff_file = "/tmp/ss/staff.toml"
)";

std::string first_error(std::string_view text) {
  auto load = parse_kiosk_config(text, "bad.toml");
  REQUIRE_FALSE(load);
  CHECK(load.error().kind() == smartstore::ErrorKind::invalid_input);
  return smartstore::problem_lines(load.error()).front();
}
}  // namespace

TEST_CASE("the shipped example config loads with every documented key") {
  auto load = load_kiosk_config(smartstore::testing::source_dir() / "firmware-config/kiosk.example.toml");
  INFO((load ? "" : load.error().describe()));
  REQUIRE(load);
  const auto& c = *load;
  CHECK(c.kiosk.store_id == "S001");
  CHECK(c.kiosk.kiosk_id == "K01");
  CHECK(c.broker.enabled);
  CHECK(c.broker.uri == "ssl://mqtt.hq.example:8883");
  CHECK(c.broker.uplink_batch_size == 200);
  CHECK(c.http.listen_port == 8443);
  CHECK(c.scanner.sources.size() == 2);
  CHECK(c.scanner.sources[0].kind == smartstore::edge::ScannerKind::serial);
  CHECK(c.scanner.sources[0].terminator == "\r\n");
  CHECK(c.scanner.member_card.length == 16);
  CHECK(c.policy.butterfly_expiry == std::chrono::hours(48));
  CHECK(c.policy.default_expiry == std::chrono::hours(24 * 7));
  CHECK(c.sync.nightly_hour == 2);
}

TEST_CASE("a minimal config takes the defaults and runs offline") {
  auto load = parse_kiosk_config(kMinimal, "min.toml");
  INFO((load ? "" : load.error().describe()));
  REQUIRE(load);
  CHECK_FALSE(load->broker.enabled);
  CHECK(load->policy.daily_cap_per_customer == 2);
  CHECK(load->scanner.member_card.check_digit == smartstore::scanner::CheckDigitScheme::luhn);
}

TEST_CASE("each bad config names file, line, key and what was expected") {
  std::string base = kMinimal;
  CHECK(first_error(base + "\n[sync]\nnightly_hour = 25\n") ==
        "bad.toml:14: sync.nightly_hour: expected an integer from 0 to 23, got 25");
  CHECK(first_error(base + "\n[sync]\nnightly_hour = \"two\"\n") ==
        "bad.toml:14: sync.nightly_hour: expected an integer");
  CHECK(first_error(base + "\n[sync]\nretention_dayz = 3\n") ==
        "bad.toml:14: sync.retention_dayz: unknown key");
  CHECK(first_error(base + "\n[policy]\nwelcome_offer = 1\n") ==
        "bad.toml:14: policy.welcome_offer: expected true or false");
  CHECK(first_error(base + "\n[kiosk.extra]\n").find("kiosk.extra: unknown key") != std::string::npos);
  CHECK(first_error("[kiosk]\nstore_id = \"S 001\"\n").find("kiosk.store_id: expected 1-32 letters") !=
        std::string::npos);
  CHECK(first_error("[kiosk\n").rfind("bad.toml:1: invalid TOML", 0) == 0);
  CHECK(first_error("") == "bad.toml: kiosk.store_id: required key is missing");
}

TEST_CASE("a float where an integer belongs is named, however large (the fuzzer found UB here)") {
  std::string base = kMinimal;
  CHECK(first_error(base + "\n[sync]\nnightly_hour = 2.5\n") ==
        "bad.toml:14: sync.nightly_hour: expected an integer");
  CHECK(first_error(base + "\n[sync]\nnightly_hour = 777777777777777777797.01\n") ==
        "bad.toml:14: sync.nightly_hour: expected an integer");
}

TEST_CASE("HTTP must be TLS unless on loopback") {
  std::string text = kMinimal;
  text.replace(text.find("127.0.0.1:8080"), 14, "0.0.0.0:8443");
  CHECK(first_error(text) ==
        "bad.toml:10: http.listen: plain HTTP is allowed only on loopback; set tls_cert_file and "
        "tls_key_file to listen on 0.0.0.0");
  std::string port = kMinimal;
  port.replace(port.find("127.0.0.1:8080"), 14, "127.0.0.1:99999");
  CHECK(first_error(port) == "bad.toml:10: http.listen: expected \"address:port\", e.g. \"0.0.0.0:8443\"");
}

TEST_CASE("scanner sources and member card rules are validated") {
  std::string base = kMinimal;
  CHECK(first_error(base + "\n[[scanner.source]]\nkind = \"usb\"\npath = \"/dev/x\"\n") ==
        "bad.toml:14: scanner.source[0].kind: expected one of serial, evdev, folder, stdin, camera");
  CHECK(first_error(base + "\n[[scanner.source]]\nkind = \"serial\"\n")
            .find("scanner.source[0].path: required key is missing") != std::string::npos);
  CHECK(first_error(base + "\n[scanner.member_card]\nprefixes = [\"87a\"]\n") ==
        "bad.toml:14: scanner.member_card.prefixes: expected an array of digit strings, e.g. [\"8710\"]");
  CHECK(first_error(base + "\n[broker]\nuri = \"http://x\"\n") ==
        "bad.toml:14: broker.uri: expected a URI starting with tcp://, ssl://, mqtt:// or mqtts://");
  CHECK(first_error(base + "\n[broker]\nuri = \"tcp://127.0.0.1:1883\"\n") ==
        "bad.toml:14: broker.uri: plaintext MQTT (no TLS, no client certificate): use ssl://, or set "
        "allow_plaintext = true (development only)");
  CHECK(parse_kiosk_config(base + "\n[broker]\nuri = \"tcp://127.0.0.1:1883\"\nallow_plaintext = true\n",
                           "dev.toml")
            .has_value());
}

TEST_CASE("a camera source takes its effort keys; another kind or a value out of range is named") {
  const std::string base =
      std::string(kMinimal) + "\n[[scanner.source]]\nkind = \"camera\"\npath = \"/dev/video0\"\n";
  auto load =
      parse_kiosk_config(base + "idle_decode_hz = 0.5\nfull_decode_hz = 2\nbudget_ms = 80\n", "cam.toml");
  INFO((load ? "" : load.error().describe()));
  REQUIRE(load);
  const auto& effort = load->scanner.sources.at(0).camera;
  CHECK(effort.idle_decode_hz == 0.5);
  CHECK(effort.full_decode_hz == 2);
  CHECK(effort.budget_ms == 80);
  CHECK(effort.focused_decode_hz == smartstore::scanner::CameraEffort{}.focused_decode_hz);  // default kept
  CHECK(first_error(base + "budget_ms = 0\n") ==
        "bad.toml:16: scanner.source[0].budget_ms: expected a number from 1 to 10000");
  CHECK(first_error(base + "full_decode_hz = \"fast\"\n") ==
        "bad.toml:16: scanner.source[0].full_decode_hz: expected a number from 0 to 30");
  CHECK(first_error(std::string(kMinimal) +
                    "\n[[scanner.source]]\nkind = \"folder\"\npath = \"/x\"\nbudget_ms = 80\n") ==
        "bad.toml:16: scanner.source[0].budget_ms: only a camera source (kind = \"camera\") has this key");
}

TEST_CASE("a missing file is an error, not a crash") {
  auto load = load_kiosk_config("/nonexistent/kiosk.toml");
  REQUIRE_FALSE(load);
  CHECK(load.error().kind() == smartstore::ErrorKind::not_found);
  CHECK(smartstore::problem_lines(load.error()).front() == "/nonexistent/kiosk.toml: cannot read the file");
}
