#include "support/kiosk_daemon.h"

#include <signal.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <cstring>
#include <fstream>
#include <stdexcept>

#include "support/http_client.h"

namespace smartstore::testing {
namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

constexpr const char* kTokenSha256 = "f28e05263467136573d1cec3bf102f8959868bdf9e634a0df632f6e81e04bbfe";

void write_private(const fs::path& file, const std::string& bytes) {
  std::ofstream(file, std::ios::binary) << bytes;
  ::chmod(file.c_str(), 0600);
}

}  // namespace

KioskDaemon::KioskDaemon(fs::path program, const fs::path& dir, const std::string& broker_uri,
                         const std::vector<unsigned char>& deployment_key)
    : program_(std::move(program)), dir_(dir), http_port_(static_cast<std::uint16_t>(free_loopback_port())) {
  fs::create_directories(dir_ / "etc");
  fs::create_directories(data_dir());
  write_private(dir_ / "etc/deployment.key", std::string(deployment_key.begin(), deployment_key.end()));
  write_private(dir_ / "etc/coupon.key", std::string(32, '\x09'));
  std::ofstream(dir_ / "etc/staff.toml")
      << "[[staff]]\nid = \"scans\"\ntoken_sha256 = \"" << kTokenSha256 << "\"\n";
  // The shipped example's sync settings (firmware-config/kiosk.example.toml)
  // but plain TCP to the caller's broker; info logging for "sync: connected".
  std::ofstream(dir_ / "kiosk.toml") << "[kiosk]\nstore_id = \"S001\"\nkiosk_id = \"K01\"\ndata_dir = \""
                                     << data_dir().string() << "\"\ndeployment_key_file = \""
                                     << (dir_ / "etc/deployment.key").string() << "\"\ncoupon_key_file = \""
                                     << (dir_ / "etc/coupon.key").string()
                                     << "\"\nlog_level = \"info\"\n\n[broker]\nuri = \"" << broker_uri
                                     << "\"\nallow_plaintext = true\n\n[http]\nlisten = \"127.0.0.1:"
                                     << http_port_ << "\"\nstaff_file = \""
                                     << (dir_ / "etc/staff.toml").string() << "\"\n";
}

KioskDaemon::~KioskDaemon() {
  try {
    stop();
  } catch (...) {  // NOLINT: ChildProcess's destructor kills what is left
  }
}

std::string KioskDaemon::staff_token() {
  return "kiosk-daemon-scans-0123456789abcdef0123456789abcdef";  // its SHA-256: kTokenSha256
}

void KioskDaemon::start() {
  process_ = std::make_unique<ChildProcess>(
      program_, std::vector<std::string>{"--config", (dir_ / "kiosk.toml").string()}, dir_ / "daemon.log");
  if (!process_->wait_for_log("smartstored ready", 120s))
    throw std::runtime_error("smartstored did not start; see " + (dir_ / "daemon.log").string());
  if (!process_->wait_for_log("sync: connected", 60s))
    throw std::runtime_error("smartstored's agent did not connect; see " + (dir_ / "daemon.log").string());
}

void KioskDaemon::stop() {
  if (!process_ || !process_->running()) return;
  process_->signal(SIGTERM);
  if (process_->wait(60s) < 0) process_->signal(SIGKILL);
}

bool KioskDaemon::reset_peak() {
  std::ofstream out("/proc/" + std::to_string(pid()) + "/clear_refs");
  out << "5";
  out.flush();
  return static_cast<bool>(out);
}

std::int64_t KioskDaemon::snapshot_version() const {
  sqlite3* db = nullptr;
  std::int64_t v = -1;
  const fs::path file = data_dir() / "kiosk.db";
  if (sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_busy_timeout(db, 1000);
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = 'snapshot_version'", -1, &s, nullptr) ==
            SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0) != nullptr)
      v = std::stoll(reinterpret_cast<const char*>(sqlite3_column_text(s, 0)));
    sqlite3_finalize(s);
  }
  sqlite3_close(db);
  return v;
}

std::string KioskDaemon::metrics() const {
  KeepAliveClient client(http_port_);
  const int status = client.call("GET /metrics HTTP/1.1\r\nHost: kiosk\r\nAuthorization: Bearer " +
                                 staff_token() + "\r\n\r\n");
  if (status != 200)
    throw std::runtime_error("GET /metrics: " + std::to_string(status) + " " + client.body());
  return client.body();
}

ThreadTimes thread_times(pid_t pid) {
  ThreadTimes t;
  std::error_code ec;
  for (const auto& task : std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/task", ec)) {
    std::ifstream in(task.path() / "schedstat");
    double cpu_ns = 0, wait_ns = 0;
    if (in >> cpu_ns >> wait_ns) {
      t.cpu_s += cpu_ns / 1e9;
      t.runqueue_s += wait_ns / 1e9;
    }
  }
  return t;
}

HttpScans::HttpScans(std::uint16_t port, const std::string& token, const std::vector<std::string>& numbers,
                     std::size_t first, std::chrono::milliseconds pause)
    : thread_([this, port, token, &numbers, first, pause] { run(port, token, numbers, first, pause); }) {}

HttpScans::~HttpScans() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
}

void HttpScans::run(std::uint16_t port, std::string token, const std::vector<std::string>& numbers,
                    std::size_t next, std::chrono::milliseconds pause) {
  try {
    KeepAliveClient client(port);
    while (!stop_) {
      const std::string body = "{\"text\":\"" + numbers[next++ % numbers.size()] + "\"}";
      const std::string request =
          "POST /api/v1/scans HTTP/1.1\r\nHost: kiosk\r\nAuthorization: Bearer " + token +
          "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
          "\r\n\r\n" + body;
      const auto t0 = std::chrono::steady_clock::now();
      const int status = client.call(request);
      samples_ms_.push_back(
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
      sent_at_.push_back(t0);
      if (status != 200 || client.body().find("\"known_member\":true") == std::string::npos) {
        ++missed_;
        failure_ = std::to_string(status) + " " + client.body();
      }
      std::this_thread::sleep_for(pause);
    }
  } catch (const std::exception& e) {
    ++missed_;
    failure_ = e.what();
  }
}

std::vector<double> HttpScans::stop() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
  return samples_ms_;  // the thread has ended: no race
}

std::string HttpScans::last_failure() const {
  return failure_;
}

RssSampler::RssSampler(pid_t pid, std::chrono::milliseconds period)
    : thread_([this, pid, period] {
        const auto t0 = std::chrono::steady_clock::now();
        double sum = 0;
        while (!stop_) {
          const double rss = proc_status_mib(pid, "VmRSS:");
          if (rss > f_.max_mib) {
            f_.max_mib = rss;
            f_.max_at_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
          }
          sum += rss;
          ++f_.samples;
          std::this_thread::sleep_for(period);
        }
        f_.mean_mib = f_.samples == 0 ? 0 : sum / static_cast<double>(f_.samples);
      }) {}

RssSampler::~RssSampler() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
}

RssSampler::Figures RssSampler::stop() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
  return f_;
}

}  // namespace smartstore::testing
