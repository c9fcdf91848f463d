#include "support/mosquitto_broker.h"

#include <signal.h>

#include <unistd.h>
#include <fstream>
#include <stdexcept>
#include <thread>

#include "support/test_paths.h"

namespace smartstore::testing {

MosquittoBroker::MosquittoBroker(std::filesystem::path dir, MosquittoOptions options)
    : dir_(std::move(dir)), options_(std::move(options)), port_(free_loopback_port()) {
  std::filesystem::create_directories(dir_);
  std::ofstream conf(dir_ / "mosquitto.conf");
  conf << "per_listener_settings false\n"
       << "listener " << port_ << " 127.0.0.1\n"
       << "persistence true\npersistence_location " << dir_.string() << "/\n"
       << "autosave_interval 1\n"
       << "log_dest stderr\nlog_type error\nlog_type warning\nlog_type notice\nlog_type information\n"
       // Room for QoS 1 bursts (toolchain notes: the defaults drop them).
       << "max_inflight_messages 1000\nmax_queued_messages 1000000\nmax_queued_bytes 0\n"
       << "message_size_limit 0\n";
  // Started as root, mosquitto would drop to the `mosquitto` user and fail to
  // read the test's 0600 keys.
  if (::geteuid() == 0) conf << "user root\n";
  if (!options_.cert_file.empty()) {
    conf << "cafile " << options_.ca_file.string() << "\ncertfile " << options_.cert_file.string()
         << "\nkeyfile " << options_.key_file.string() << "\n"
         << "require_certificate true\nuse_identity_as_username true\nallow_anonymous false\n";
    if (!options_.acl_file.empty()) conf << "acl_file " << options_.acl_file.string() << "\n";
  } else {
    conf << "allow_anonymous true\n";
  }
  conf << options_.extra_config << "\n";
  conf.close();
  start();
}

MosquittoBroker::~MosquittoBroker() {
  if (process_ && process_->running()) {
    process_->signal(SIGTERM);
    process_->wait(std::chrono::seconds(5));
  }
}

std::string MosquittoBroker::uri() const {
  return (options_.cert_file.empty() ? "tcp://127.0.0.1:" : "ssl://127.0.0.1:") + std::to_string(port_);
}

void MosquittoBroker::start() {
  // A restart: the old broker must have let go of the port before the new one
  // binds it (replacing process_ would kill it only after the new one started).
  if (process_ && process_->running()) stop();
  auto log_file = dir_ / "mosquitto.log";
  std::string before = std::filesystem::exists(log_file) ? read_file(log_file) : "";
  process_ = std::make_unique<ChildProcess>(
      "/usr/sbin/mosquitto", std::vector<std::string>{"-c", (dir_ / "mosquitto.conf").string()}, log_file);
  // The log is appended to across restarts: wait for one more "running" line.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  auto count = [](const std::string& s) {
    std::size_t n = 0;
    for (auto p = s.find(" running"); p != std::string::npos; p = s.find(" running", p + 1)) ++n;
    return n;
  };
  std::size_t seen = count(before);
  while (std::chrono::steady_clock::now() < deadline) {
    if (count(process_->log()) > seen) return;
    if (!process_->running()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  throw std::runtime_error("mosquitto did not start: " + process_->log());
}

void MosquittoBroker::stop() {
  if (!process_) return;
  process_->signal(SIGTERM);
  process_->wait(std::chrono::seconds(10));
}

void MosquittoBroker::kill() {
  if (!process_) return;
  process_->signal(SIGKILL);
  process_->wait(std::chrono::seconds(10));
}

bool MosquittoBroker::running() {
  return process_ && process_->running();
}

std::string MosquittoBroker::log() const {
  return process_ ? process_->log() : "";
}

}  // namespace smartstore::testing
