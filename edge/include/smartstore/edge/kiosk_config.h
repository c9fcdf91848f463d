#pragma once
// The kiosk's configuration (firmware-config/kiosk.example.toml documents each
// key). Loaded once at start and again on SIGHUP; a bad file never replaces a
// good one, so loading returns errors as values.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "smartstore/scanner/camera_decoder.h"
#include "smartstore/scanner/payload.h"

#include "smartstore/common/result.h"
#include "smartstore/edge/store/retention_options.h"

namespace smartstore::edge {

enum class LogLevel { trace, debug, info, warn, error };
enum class ScannerKind { serial, evdev, folder, stdin_lines, camera };

struct KioskSection {
  std::string store_id;
  std::string kiosk_id;
  std::filesystem::path data_dir;
  std::filesystem::path deployment_key_file;  // HMAC key for member keys
  std::filesystem::path coupon_key_file;      // store's coupon signing key
  std::filesystem::path hq_public_key_file;   // Ed25519, verifies M-coupons
  LogLevel log_level = LogLevel::info;
};

struct BrokerSection {
  bool enabled = true;
  std::string uri;               // ssl://host:8883; tcp://host:1883 only with allow_plaintext
  bool allow_plaintext = false;  // development only: no TLS, no client certificate
  std::filesystem::path ca_file, cert_file, key_file;
  int uplink_batch_size = 200;
  std::chrono::milliseconds uplink_interval{1000};
  std::chrono::milliseconds reconnect_min{500};
  std::chrono::milliseconds reconnect_max{60000};
};

struct HttpSection {
  std::string listen_address = "127.0.0.1";
  std::uint16_t listen_port = 8443;
  std::filesystem::path tls_cert_file, tls_key_file;  // empty: plain HTTP, loopback only
  std::filesystem::path staff_file;                   // hashed staff tokens / PINs
  std::size_t max_body_bytes = 64 * 1024;
  std::chrono::seconds request_timeout{10};
};

struct ScannerSource {
  ScannerKind kind = ScannerKind::stdin_lines;
  std::string path;  // device, folder; empty for stdin
  unsigned baud = 9600;
  std::string terminator = "\r\n";
  bool exclusive_grab = true;
  scanner::CameraEffort camera;  // kind = "camera": how hard it tries (docs/scanner.md)
};

struct ScannerSection {
  std::chrono::milliseconds debounce{1500};
  std::vector<ScannerSource> sources;
  scanner::MemberCardRules member_card;
};

struct PolicySection {
  unsigned daily_cap_per_customer = 2;
  std::chrono::hours butterfly_expiry{48};
  std::chrono::hours default_expiry{24 * 7};
  std::int64_t premium_threshold_krw = 1'000'000;
  unsigned due_discount_pct = 10;
  bool welcome_offer = true;
  // Welcome and first-visit offers this kiosk issues in any sliding hour and
  // per business day, whoever scans: made-up card numbers that pass the check
  // digit must not collect coupons without end. 0: none.
  unsigned welcome_per_hour = 20;
  unsigned welcome_per_day = 100;
};

struct SyncSection {
  unsigned nightly_hour = 2;  // local time, 0..23
  unsigned retention_days = 30;
  std::size_t outbox_max_rows = 500'000;
};

// What the kiosk store prunes while it runs, and how often
// (store/retention.h, docs/edge-storage.md "Retention").
struct RetentionSection {
  bool enabled = true;
  unsigned interval_minutes = 60;
  store::RetentionOptions keep;  // what each run keeps
};

struct KioskConfig {
  std::filesystem::path source;  // the file it was read from
  KioskSection kiosk;
  BrokerSection broker;
  HttpSection http;
  ScannerSection scanner;
  PolicySection policy;
  SyncSection sync;
  RetentionSection retention;
};

// The config, or invalid_input whose fields() name every problem at once,
// each where it is and what was expected there: field "kiosk.toml:12:
// http.listen" (no line when the problem has no single place, e.g. a missing
// key), message "expected \"address:port\"". problem_lines() prints them.
[[nodiscard]] Result<KioskConfig> load_kiosk_config(const std::filesystem::path& file);
[[nodiscard]] Result<KioskConfig> parse_kiosk_config(std::string_view toml_text,
                                                     std::string_view source_name);

// A kiosk that talks TLS (an ssl:// broker or HTTPS) faces real customers and
// HQ: true then, and check_production_config applies.
[[nodiscard]] bool tls_configured(const KioskConfig& config);
// What a valid file may still lack in production, all at once (invalid_input,
// one field per problem): HQ's public key file (without it downlink signatures
// and app coupons cannot be verified) and the card issuer's
// prefixes (without them any number with a right check digit is a member).
// ok() when TLS is not configured (development). `smartstored --check-config`
// refuses a file that fails it; smartstored logs it at start.
[[nodiscard]] Status check_production_config(const KioskConfig& config);

}  // namespace smartstore::edge
