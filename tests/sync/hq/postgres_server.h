#pragma once
// A throwaway PostgreSQL server for the HQ tests that run against both of
// HQ's databases (Debian's PostgreSQL 15 binaries; the caller skips without them).
#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "support/child_process.h"

namespace smartstore::testing {

using namespace std::chrono_literals;

inline constexpr const char* kPgBin = "/usr/lib/postgresql/15/bin/";

// A throwaway PostgreSQL cluster: initdb into the temp dir, the server on a
// free loopback port with its unix socket beside the data. PostgreSQL refuses
// to run as root, so as root both run as `nobody`.
class PostgresServer {
 public:
  explicit PostgresServer(const std::filesystem::path& dir) : dir_(dir), port_(free_loopback_port()) {
    std::filesystem::create_directories(dir_);
    if (::geteuid() == 0) {
      for (auto p = dir_; !p.empty() && p != p.root_path(); p = p.parent_path()) {
        if (p == std::filesystem::temp_directory_path()) break;
        if (::chown(p.c_str(), 65534, 65534) != 0) throw std::runtime_error("chown " + p.string());
      }
    }
    ChildProcess init(exe(),
                      args("initdb", {"-D", (dir_ / "data").string(), "-U", "hq", "--auth=trust", "-E",
                                      "UTF8", "--no-locale", "--no-sync"}),
                      dir_ / "initdb.log");
    if (init.wait(60s) != 0) throw std::runtime_error("initdb failed: " + init.log());
    server_ = std::make_unique<ChildProcess>(
        exe(),
        args("postgres",
             {"-D", (dir_ / "data").string(), "-p", std::to_string(port_), "-k", dir_.string(), "-c",
              "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "full_page_writes=off"}),
        dir_ / "postgres.log");
    if (!server_->wait_for_log("database system is ready to accept connections", 30s))
      throw std::runtime_error("postgres did not start: " + server_->log());
  }
  ~PostgresServer() {
    if (server_ && server_->running()) {
      server_->signal(SIGINT);  // fast shutdown
      server_->wait(10s);
    }
  }
  PostgresServer(const PostgresServer&) = delete;
  PostgresServer& operator=(const PostgresServer&) = delete;

  [[nodiscard]] std::string url() const {
    return "postgresql://hq@127.0.0.1:" + std::to_string(port_) + "/postgres";
  }

 private:
  static std::filesystem::path exe() { return ::geteuid() == 0 ? "/usr/bin/setpriv" : ""; }
  static std::vector<std::string> args(const std::string& prog, std::vector<std::string> rest) {
    std::vector<std::string> a;
    if (::geteuid() == 0) a = {"--reuid=nobody", "--regid=nogroup", "--clear-groups"};
    a.push_back(std::string(kPgBin) + prog);
    a.insert(a.end(), rest.begin(), rest.end());
    return a;
  }
  std::filesystem::path dir_;
  int port_;
  std::unique_ptr<ChildProcess> server_;
};

inline bool postgres_available() {
  return std::filesystem::exists(std::string(kPgBin) + "postgres");
}

}  // namespace smartstore::testing
