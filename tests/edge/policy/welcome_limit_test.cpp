// ctest-labels: security integration
// A stranger at the entrance scanner with a phone showing made-up card
// numbers (right prefix, right check digit, no profile at HQ): the real
// smartstored gives at most the kiosk's welcome limit, per sliding hour and
// per business day, also across a restart; the refusals carry a reason code
// and a metric. And `smartstored --check-config` refuses a production (TLS)
// config that would welcome any number or cannot verify HQ's signatures.
#include <doctest/doctest.h>
#include <signal.h>

#include <map>
#include <memory>
#include <random>
#include <regex>

#include "smartstore/edge/http/staff_auth.h"
#include "support/child_process.h"
#include "support/example_config.h"
#include "support/http_client.h"
#include "support/json_api.h"
#include "support/key_files.h"
#include "support/member_numbers.h"
#include "support/test_paths.h"

using namespace smartstore::testing;
using namespace std::chrono_literals;

namespace {

const std::string kToken = "welcome-limit-staff-token-0123456789";

// The shipped example with the test's welcome limits.
std::string kiosk_config(const TempDir& dir, int port, unsigned per_hour, unsigned per_day) {
  std::string text = example_config_in(dir, port);
  text = std::regex_replace(text, std::regex("\nwelcome_per_hour = \\d+"),
                            "\nwelcome_per_hour = " + std::to_string(per_hour));
  return std::regex_replace(text, std::regex("\nwelcome_per_day = \\d+"),
                            "\nwelcome_per_day = " + std::to_string(per_day));
}

struct Kiosk {
  TempDir dir;
  int port = free_loopback_port();
  std::unique_ptr<ChildProcess> daemon;
  int runs = 0;

  Kiosk(unsigned per_hour, unsigned per_day) {
    provision_key(dir / "etc/keys/deployment.key");
    provision_key(dir / "etc/keys/coupon.key");
    write_file(dir / "etc/staff.toml", "[[staff]]\nid = \"kim\"\ntoken_sha256 = \"" +
                                           smartstore::edge::http::sha256_hex(kToken) + "\"\n");
    write_file(dir / "kiosk.toml", kiosk_config(dir, port, per_hour, per_day));
    start();
  }
  void start() {
    daemon = std::make_unique<ChildProcess>(
        program("smartstored"), std::vector<std::string>{"--config", (dir / "kiosk.toml").string()},
        dir / ("daemon-" + std::to_string(++runs) + ".log"));  // each run's own "ready"
    REQUIRE_MESSAGE(daemon->wait_for_log("smartstored ready", 20s), daemon->log());
  }
  void restart() {
    daemon->signal(SIGTERM);
    REQUIRE(daemon->wait(20s) == 0);
    start();
  }
  struct Scans {
    std::map<std::string, int> reasons;  // reason code -> scans
    int coupons = 0;
  };
  Scans scan(const std::vector<std::string>& numbers) {
    Scans out;
    auto& reasons = out.reasons;
    int& coupons = out.coupons;
    for (const auto& n : numbers) {
      auto r = json_call(static_cast<std::uint16_t>(port), "POST", "/api/v1/scans", kToken,
                         "{\"text\":\"" + n + "\"}");
      REQUIRE_MESSAGE(r.status == 200, r.raw << daemon->log());
      ++reasons[r.body.value("reason_code", "")];
      if (!r.body["coupon"].is_null()) ++coupons;
    }
    return out;
  }
  std::string metrics() {
    return http_exchange(static_cast<std::uint16_t>(port),
                         "GET /metrics HTTP/1.1\r\nHost: k\r\nConnection: close\r\n\r\n");
  }
};

// Numbers a phone app could make up: the issuer's prefix, random digits, a right Luhn digit.
std::vector<std::string> made_up_numbers(int n, unsigned seed) {
  std::mt19937 rng(seed);
  std::vector<std::string> out;
  for (int i = 0; i < n; ++i) {
    std::string body = "8710";
    for (int d = 0; d < 11; ++d) body.push_back(static_cast<char>('0' + rng() % 10));
    out.push_back(with_luhn_digit(body));
  }
  return out;
}

}  // namespace

TEST_CASE("50 made-up card numbers in a row get at most the hourly welcome limit, also after a restart") {
  Kiosk kiosk(5, 100);
  auto first = kiosk.scan(made_up_numbers(50, 1));
  MESSAGE("50 made-up numbers: " << first.coupons << " welcome coupons");
  CHECK(first.coupons == 5);
  CHECK(first.reasons["welcome.default"] == 5);
  CHECK(first.reasons["welcome.limit.hour"] == 45);
  const std::string m = kiosk.metrics();
  CHECK_MESSAGE(m.find("smartstore_welcome_refused_total{window=\"hour\"} 45") != std::string::npos, m);
  CHECK(m.find("smartstore_scan_outcomes_total{reason=\"welcome.limit.hour\"} 45") != std::string::npos);

  // The count is the journal's, not the process's.
  kiosk.restart();
  auto after = kiosk.scan(made_up_numbers(10, 2));
  CHECK(after.coupons == 0);
  CHECK(after.reasons["welcome.limit.hour"] == 10);
}

TEST_CASE("the daily welcome limit holds when the hourly one is wider") {
  Kiosk kiosk(100, 3);
  auto day = kiosk.scan(made_up_numbers(20, 3));
  CHECK(day.coupons == 3);
  CHECK(day.reasons["welcome.limit.day"] == 17);
  CHECK(kiosk.metrics().find("smartstore_welcome_refused_total{window=\"day\"} 17") != std::string::npos);
}

struct Checked {
  int status = -1;
  std::string log;
};

TEST_CASE("--check-config refuses a TLS config without issuer prefixes or HQ's public key") {
  TempDir dir;
  const auto check = [&](const std::string& text) {
    write_file(dir / "kiosk.toml", text);
    ChildProcess p(program("smartstored"), {"--check-config", (dir / "kiosk.toml").string()},
                   dir / "check.log");
    Checked c;
    c.status = p.wait(10s);
    c.log = p.log();
    return c;
  };
  // The example as shipped talks TLS to the broker: a production config.
  const std::string example = read_file(source_dir() / "firmware-config/kiosk.example.toml");
  CHECK(check(example).status == 0);

  const Checked no_prefixes =
      check(std::regex_replace(example, std::regex("prefixes = \\[\"8710\"\\]"), "prefixes = []"));
  CHECK(no_prefixes.status == 1);
  CHECK_MESSAGE(no_prefixes.log.find("scanner.member_card.prefixes: required when TLS is configured") !=
                    std::string::npos,
                no_prefixes.log);

  const Checked no_key =
      check(std::regex_replace(example, std::regex("\nhq_public_key_file = \"[^\"]*\""), ""));
  CHECK(no_key.status == 1);
  CHECK_MESSAGE(
      no_key.log.find("kiosk.hq_public_key_file: required when TLS is configured") != std::string::npos,
      no_key.log);

  // Development: no broker, plain HTTP on loopback. Neither is required.
  std::string dev = std::regex_replace(example, std::regex("\nenabled = true"), "\nenabled = false");
  dev = std::regex_replace(dev, std::regex("prefixes = \\[\"8710\"\\]"), "prefixes = []");
  CHECK(check(std::regex_replace(dev, std::regex("\nhq_public_key_file = \"[^\"]*\""), "")).status == 0);
}
