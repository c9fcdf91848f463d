#pragma once
// A real mosquitto for integration tests: its own config, persistence and log
// in a directory the test owns, on a free loopback port. Stop and start again
// on the same port to simulate a broker restart (sessions persist on disk).
#include <filesystem>
#include <memory>
#include <string>

#include "support/child_process.h"

namespace smartstore::testing {

struct MosquittoOptions {
  // TLS with client certificates and an ACL file (use_identity_as_username);
  // all empty: plain TCP, anonymous.
  std::filesystem::path ca_file, cert_file, key_file, acl_file;
  std::string extra_config;  // appended verbatim
};

class MosquittoBroker {
 public:
  explicit MosquittoBroker(std::filesystem::path dir, MosquittoOptions options = {});
  ~MosquittoBroker();
  MosquittoBroker(const MosquittoBroker&) = delete;
  MosquittoBroker& operator=(const MosquittoBroker&) = delete;

  // tcp://127.0.0.1:PORT or ssl://127.0.0.1:PORT
  [[nodiscard]] std::string uri() const;
  [[nodiscard]] int port() const { return port_; }
  // The running broker's process id (for its memory and CPU in /proc), or -1.
  [[nodiscard]] int pid() const { return process_ ? process_->pid() : -1; }
  void start();  // throws when the broker does not come up within 10 s
  void stop();   // SIGTERM: mosquitto saves its persistence file
  void kill();   // SIGKILL
  [[nodiscard]] bool running();
  [[nodiscard]] std::string log() const;

 private:
  std::filesystem::path dir_;
  MosquittoOptions options_;
  int port_ = 0;
  std::unique_ptr<ChildProcess> process_;
};

}  // namespace smartstore::testing
