#include "smartstore/edge/http_component.h"

#include <spdlog/spdlog.h>

#include <mutex>

#include "smartstore/edge/http/http_server.h"
#include "view_json.h"

namespace smartstore::edge {
namespace {

using namespace smartstore::edge::http;

// The kiosk keeps its listeners forever; this lets the component go away
// while a late scan outcome still finds a safe (empty) target.
struct EventRelay {
  std::mutex mutex;
  HttpServer* server = nullptr;
};

std::vector<StaffEntry> load_staff_or_none(const std::filesystem::path& file) {
  if (file.empty()) {
    spdlog::error("http: no staff_file configured: no staff can sign in");
    return {};
  }
  auto load = load_staff_file(file);
  if (!load) {
    for (const auto& line : problem_lines(load.error())) spdlog::error("http: staff file: {}", line);
    spdlog::error("http: staff file unusable: no staff can sign in until it is fixed (SIGHUP reloads it)");
    return {};
  }
  return std::move(*load);
}

HttpServerOptions server_options(const KioskConfig& config) {
  HttpServerOptions o;
  o.listen_address = config.http.listen_address;
  o.port = config.http.listen_port;
  o.tls_cert_file = config.http.tls_cert_file;
  o.tls_key_file = config.http.tls_key_file;
  o.max_body_bytes = config.http.max_body_bytes;
  o.request_timeout = config.http.request_timeout;
  o.web_dir = default_web_dir();
  return o;
}

class HttpComponent final : public DaemonComponent {
 public:
  HttpComponent(boost::asio::io_context& io, const KioskConfig& config, KioskService& kiosk)
      : kiosk_(kiosk),
        staff_(load_staff_or_none(config.http.staff_file)),
        router_(kiosk, staff_, limiter_, metrics_, ApiOptions{.device_id = config.kiosk.kiosk_id}),
        server_(io, server_options(config), router_, metrics_),
        relay_(std::make_shared<EventRelay>()) {}

  ~HttpComponent() override { detach(); }

  [[nodiscard]] std::string name() const override { return "http"; }

  void start() override {
    server_.start();
    {
      std::lock_guard lock(relay_->mutex);
      relay_->server = &server_;
    }
    kiosk_.on_scan_outcome([relay = relay_](const ScanOutcome& outcome) {
      std::lock_guard lock(relay->mutex);
      if (relay->server) relay->server->publish_event("scan", to_public_json(outcome).dump());
    });
    spdlog::info("http: {} staff configured", staff_.staff_count());
  }

  void stop() override {
    detach();
    server_.stop();
  }

  void reload(const KioskConfig& config) override {
    if (config.http.staff_file.empty()) return;
    auto load = load_staff_file(config.http.staff_file);
    if (!load) {
      for (const auto& line : problem_lines(load.error())) spdlog::error("http: staff file: {}", line);
      spdlog::error("http: new staff file rejected, keeping the running list");
      return;
    }
    staff_.replace_staff(std::move(*load));
    server_.recheck_streams();  // a removed staff member's screens stop receiving now
    spdlog::info("http: staff reloaded ({} entries); listen address and TLS change only with a restart",
                 staff_.staff_count());
  }

 private:
  void detach() {
    std::lock_guard lock(relay_->mutex);
    relay_->server = nullptr;
  }

  KioskService& kiosk_;
  HttpMetrics metrics_;
  StaffAuthority staff_;
  FailedAttemptLimiter limiter_;
  ApiRouter router_;
  HttpServer server_;
  std::shared_ptr<EventRelay> relay_;
};

}  // namespace

std::unique_ptr<DaemonComponent> make_http_component(boost::asio::io_context& io, const KioskConfig& config,
                                                     KioskService& kiosk) {
  return std::make_unique<HttpComponent>(io, config, kiosk);
}

}  // namespace smartstore::edge
