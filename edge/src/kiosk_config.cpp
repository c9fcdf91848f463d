#include "smartstore/edge/kiosk_config.h"

#include <fstream>
#include <sstream>

#include "config_table_reader.h"

namespace smartstore::edge {
namespace {
using config::TableReader;

bool valid_id(const std::string& s) {
  if (s.empty() || s.size() > 32) return false;
  for (char c : s) {
    bool ok =
        (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

void read_kiosk(TableReader t, KioskSection& k) {
  t.read("store_id", k.store_id, true);
  if (!k.store_id.empty() && !valid_id(k.store_id))
    t.fail(t.find("store_id", false), "store_id",
           "expected 1-32 letters, digits, '-' or '_' (it becomes an MQTT topic level)");
  t.read("kiosk_id", k.kiosk_id, true);
  if (!k.kiosk_id.empty() && !valid_id(k.kiosk_id))
    t.fail(t.find("kiosk_id", false), "kiosk_id", "expected 1-32 letters, digits, '-' or '_'");
  t.read("data_dir", k.data_dir, true);
  t.read("deployment_key_file", k.deployment_key_file, true);
  t.read("coupon_key_file", k.coupon_key_file, true);
  t.read("hq_public_key_file", k.hq_public_key_file);
  t.read_enum("log_level", k.log_level,
              {{"trace", LogLevel::trace},
               {"debug", LogLevel::debug},
               {"info", LogLevel::info},
               {"warn", LogLevel::warn},
               {"error", LogLevel::error}});
  t.finish();
}

void read_broker(TableReader t, BrokerSection& b) {
  if (!t.present()) {
    b.enabled = false;
    return;
  }
  t.read("enabled", b.enabled);
  t.read("uri", b.uri, b.enabled);
  if (!b.uri.empty() && b.uri.rfind("tcp://", 0) != 0 && b.uri.rfind("ssl://", 0) != 0 &&
      b.uri.rfind("mqtts://", 0) != 0 && b.uri.rfind("mqtt://", 0) != 0)
    t.fail(t.find("uri", false), "uri", "expected a URI starting with tcp://, ssl://, mqtt:// or mqtts://");
  t.read("allow_plaintext", b.allow_plaintext);
  if (b.enabled && !b.allow_plaintext && (b.uri.rfind("tcp://", 0) == 0 || b.uri.rfind("mqtt://", 0) == 0))
    t.fail(t.find("uri", false), "uri",
           "plaintext MQTT (no TLS, no client certificate): use ssl://, or set allow_plaintext = true "
           "(development only)");
  t.read("ca_file", b.ca_file);
  t.read("cert_file", b.cert_file);
  t.read("key_file", b.key_file);
  long long batch = b.uplink_batch_size;
  t.read_int("uplink_batch_size", batch, 1, 10000);
  b.uplink_batch_size = static_cast<int>(batch);
  t.read_ms("uplink_interval_ms", b.uplink_interval, 10, 3'600'000);
  t.read_ms("reconnect_min_ms", b.reconnect_min, 10, 600'000);
  t.read_ms("reconnect_max_ms", b.reconnect_max, 10, 3'600'000);
  if (b.reconnect_max < b.reconnect_min)
    t.fail(t.find("reconnect_max_ms", false), "reconnect_max_ms",
           "expected a value not below reconnect_min_ms");
  t.finish();
}

bool is_loopback(const std::string& a) {
  return a == "127.0.0.1" || a == "::1" || a == "localhost" || a.rfind("127.", 0) == 0;
}

void read_http(TableReader t, HttpSection& h) {
  std::string listen;
  t.read("listen", listen);
  if (!listen.empty()) {
    auto colon = listen.rfind(':');
    long port = -1;
    if (colon != std::string::npos) {
      try {
        size_t used = 0;
        port = std::stol(listen.substr(colon + 1), &used);
        if (used != listen.size() - colon - 1) port = -1;
      } catch (...) {
        port = -1;
      }
    }
    if (colon == std::string::npos || port < 0 || port > 65535 || colon == 0) {
      t.fail(t.find("listen", false), "listen", "expected \"address:port\", e.g. \"0.0.0.0:8443\"");
    } else {
      h.listen_address = listen.substr(0, colon);
      if (h.listen_address.size() > 2 && h.listen_address.front() == '[')
        h.listen_address = h.listen_address.substr(1, h.listen_address.size() - 2);
      h.listen_port = static_cast<std::uint16_t>(port);
    }
  }
  t.read("tls_cert_file", h.tls_cert_file);
  t.read("tls_key_file", h.tls_key_file);
  if (h.tls_cert_file.empty() != h.tls_key_file.empty())
    t.fail(t.find("tls_key_file", false), "tls_key_file", "expected tls_cert_file and tls_key_file together");
  if (h.tls_cert_file.empty() && !is_loopback(h.listen_address))
    t.fail(t.find("listen", false), "listen",
           "plain HTTP is allowed only on loopback; set tls_cert_file and tls_key_file to listen on " +
               h.listen_address);
  t.read("staff_file", h.staff_file, true);
  long long body = static_cast<long long>(h.max_body_bytes);
  t.read_int("max_body_bytes", body, 1024, 16 * 1024 * 1024);
  h.max_body_bytes = static_cast<std::size_t>(body);
  long long timeout = h.request_timeout.count();
  t.read_int("request_timeout_s", timeout, 1, 300);
  h.request_timeout = std::chrono::seconds(timeout);
  t.finish();
}

// A camera's effort keys (camera_decoder.h; a rate of 0 turns that pass off); other kinds have none.
struct EffortKey {
  const char* name;
  double scanner::CameraEffort::*field;
  long long min, max;
};
constexpr EffortKey kEffortKeys[] = {{"idle_decode_hz", &scanner::CameraEffort::idle_decode_hz, 0, 30},
                                     {"focused_decode_hz", &scanner::CameraEffort::focused_decode_hz, 0, 60},
                                     {"full_decode_hz", &scanner::CameraEffort::full_decode_hz, 0, 30},
                                     {"budget_ms", &scanner::CameraEffort::budget_ms, 1, 10'000},
                                     {"still_retry_s", &scanner::CameraEffort::still_retry_s, 1, 86'400}};
void read_camera_effort(TableReader& t, ScannerKind kind, scanner::CameraEffort& e) {
  for (const EffortKey& k : kEffortKeys) {
    const toml::node* n = t.find(k.name, false);
    if (n == nullptr) continue;
    const auto v = n->is_number() ? n->value<double>() : std::nullopt;
    if (kind != ScannerKind::camera)
      t.fail(n, k.name, "only a camera source (kind = \"camera\") has this key");
    else if (!v || !(*v >= static_cast<double>(k.min) && *v <= static_cast<double>(k.max)))
      t.fail(n, k.name, "expected a number from " + std::to_string(k.min) + " to " + std::to_string(k.max));
    else
      e.*k.field = *v;
  }
}

void read_sources(TableReader& parent, std::vector<ScannerSource>& sources) {
  const toml::node* n = parent.find("source", false);
  if (n == nullptr) return;
  const toml::array* arr = n->as_array();
  if (arr == nullptr || !arr->is_array_of_tables()) {
    parent.fail(n, "source", "expected an array of tables ([[scanner.source]])");
    return;
  }
  for (size_t i = 0; i < arr->size(); ++i) {
    TableReader t = parent.child(arr->get(i)->as_table(), parent.full("source[" + std::to_string(i) + "]"));
    ScannerSource s;
    t.read_enum("kind", s.kind,
                {{"serial", ScannerKind::serial},
                 {"evdev", ScannerKind::evdev},
                 {"folder", ScannerKind::folder},
                 {"stdin", ScannerKind::stdin_lines},
                 {"camera", ScannerKind::camera}});
    t.read("path", s.path, s.kind != ScannerKind::stdin_lines);
    long long baud = s.baud;
    t.read_int("baud", baud, 1200, 921600);
    s.baud = static_cast<unsigned>(baud);
    t.read("terminator", s.terminator);
    t.read("exclusive_grab", s.exclusive_grab);
    read_camera_effort(t, s.kind, s.camera);
    t.finish();
    sources.push_back(std::move(s));
  }
}

void read_scanner(TableReader t, ScannerSection& s) {
  t.read_ms("debounce_ms", s.debounce, 0, 600'000);
  read_sources(t, s.sources);
  TableReader card = t.sub("member_card");
  long long length = s.member_card.length;
  card.read_int("length", length, 8, 32);
  s.member_card.length = static_cast<unsigned>(length);
  if (const toml::node* n = card.find("prefixes", false)) {
    const toml::array* arr = n->as_array();
    bool ok = arr != nullptr;
    if (ok) {
      for (auto&& e : *arr) {
        auto v = e.value<std::string>();
        if (!e.is_string() || v->empty() || v->find_first_not_of("0123456789") != std::string::npos) {
          ok = false;
          break;
        }
        s.member_card.prefixes.push_back(*v);
      }
    }
    if (!ok) card.fail(n, "prefixes", "expected an array of digit strings, e.g. [\"8710\"]");
  }
  card.read_enum("check_digit", s.member_card.check_digit,
                 {{"none", scanner::CheckDigitScheme::none},
                  {"luhn", scanner::CheckDigitScheme::luhn},
                  {"gs1", scanner::CheckDigitScheme::gs1_mod10}});
  card.finish();
  t.finish();
}

void read_unsigned(TableReader& t, std::string_view key, unsigned& out, long long min, long long max) {
  long long v = out;
  t.read_int(key, v, min, max);
  out = static_cast<unsigned>(v);
}

void read_policy(TableReader t, PolicySection& p) {
  read_unsigned(t, "daily_cap_per_customer", p.daily_cap_per_customer, 0, 100);
  long long v = p.butterfly_expiry.count();
  t.read_int("butterfly_expiry_hours", v, 1, 24 * 90);
  p.butterfly_expiry = std::chrono::hours(v);
  v = p.default_expiry.count() / 24;
  t.read_int("default_expiry_days", v, 1, 365);
  p.default_expiry = std::chrono::hours(24 * v);
  v = p.premium_threshold_krw;
  t.read_int("premium_threshold_krw", v, 1, 1'000'000'000);
  p.premium_threshold_krw = v;
  read_unsigned(t, "due_discount_pct", p.due_discount_pct, 1, 90);
  t.read("welcome_offer", p.welcome_offer);
  read_unsigned(t, "welcome_per_hour", p.welcome_per_hour, 0, 100'000);
  read_unsigned(t, "welcome_per_day", p.welcome_per_day, 0, 1'000'000);
  t.finish();
}

void read_sync(TableReader t, SyncSection& s) {
  read_unsigned(t, "nightly_hour", s.nightly_hour, 0, 23);
  read_unsigned(t, "retention_days", s.retention_days, 1, 3650);
  long long v = static_cast<long long>(s.outbox_max_rows);
  t.read_int("outbox_max_rows", v, 100, 100'000'000);
  s.outbox_max_rows = static_cast<std::size_t>(v);
  t.finish();
}

void read_retention(TableReader t, RetentionSection& r) {
  t.read("enabled", r.enabled);
  read_unsigned(t, "interval_minutes", r.interval_minutes, 1, 1440);
  read_unsigned(t, "coupon_margin_days", r.keep.coupon_margin_days, 1, 365);
  read_unsigned(t, "note_days", r.keep.note_days, 1, 3650);
  read_unsigned(t, "unknown_expiry_days", r.keep.unknown_expiry_days, 366, 3650);
  read_unsigned(t, "batch_rows", r.keep.batch_rows, 10, 10'000);
  t.finish();
}

}  // namespace

Result<KioskConfig> parse_kiosk_config(std::string_view toml_text, std::string_view source_name) {
  const std::string file(source_name);
  std::vector<FieldError> problems;
  toml::table root;
  try {
    root = toml::parse(toml_text, source_name);
  } catch (const toml::parse_error& e) {
    problems.push_back(
        problem_at(file, e.source().begin.line, "", "invalid TOML: " + std::string(e.description())));
  }
  KioskConfig cfg;
  cfg.source = file;
  if (problems.empty()) {
    TableReader top(&root, "", file, problems);
    read_kiosk(top.sub("kiosk"), cfg.kiosk);
    if (!top.find("kiosk", false))
      problems.push_back(problem_at(file, 0, "kiosk", "required table [kiosk] is missing"));
    read_broker(top.sub("broker"), cfg.broker);
    read_http(top.sub("http"), cfg.http);
    read_scanner(top.sub("scanner"), cfg.scanner);
    read_policy(top.sub("policy"), cfg.policy);
    read_sync(top.sub("sync"), cfg.sync);
    read_retention(top.sub("retention"), cfg.retention);
    top.finish();
  }
  if (problems.empty()) return cfg;
  const std::size_t n = problems.size();
  return fail(Error(ErrorKind::invalid_input,
                    file + ": " + std::to_string(n) + (n == 1 ? " problem" : " problems"), "config")
                  .with_fields(std::move(problems)));
}

Result<KioskConfig> load_kiosk_config(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in)
    return fail(Error(ErrorKind::not_found, file.string() + ": cannot read the file", "config")
                    .with_fields({problem_at(file.string(), 0, "", "cannot read the file")}));
  std::ostringstream text;
  text << in.rdbuf();
  return parse_kiosk_config(text.str(), file.string());
}

}  // namespace smartstore::edge
