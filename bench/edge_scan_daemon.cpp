#include "edge_scan_daemon.h"

#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <stdexcept>
#include <thread>

#include "tests/support/child_process.h"

namespace smartstore::bench {
namespace fs = std::filesystem;
namespace {

// VmRSS and VmHWM (MiB) of a process.
std::pair<double, double> rss_of(pid_t pid) {
  return {testing::proc_status_mib(pid, "VmRSS:"), testing::proc_status_mib(pid, "VmHWM:")};
}

std::int64_t coupon_rows(const fs::path& db_file) {
  sqlite3* db = nullptr;
  std::int64_t n = -1;
  if (sqlite3_open_v2(db_file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT count(*) FROM coupons", -1, &s, nullptr) == SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW)
      n = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
  }
  sqlite3_close(db);
  return n;
}

}  // namespace

std::pair<double, double> daemon_rss(const fs::path& program, const fs::path& dir, const fs::path& data_dir,
                                     const std::vector<unsigned char>& deployment_key,
                                     const std::vector<std::string>& numbers) {
  fs::create_directories(dir / "keys");
  auto key_file = [](const fs::path& f, const std::vector<unsigned char>& bytes) {
    std::ofstream(f, std::ios::binary)
        .write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    fs::permissions(f, fs::perms::owner_read | fs::perms::owner_write);
  };
  key_file(dir / "keys/deployment.key", deployment_key);
  key_file(dir / "keys/coupon.key", std::vector<unsigned char>(32, 9));
  std::ofstream(dir / "staff.toml")
      << "[[staff]]\nid = \"bench\"\ntoken_sha256 = "
         "\"94b748942aa8e4f0e5d16a0fb006750af9bd0f2f5fd0fbb682258c76ed6e4094\"\n";
  std::ofstream(dir / "kiosk.toml") << "[kiosk]\nstore_id = \"S001\"\nkiosk_id = \"K01\"\ndata_dir = \""
                                    << data_dir.string() << "\"\ndeployment_key_file = \""
                                    << (dir / "keys/deployment.key").string() << "\"\ncoupon_key_file = \""
                                    << (dir / "keys/coupon.key").string()
                                    << "\"\nlog_level = \"warn\"\n[http]\nlisten = \"127.0.0.1:"
                                    << testing::free_loopback_port() << "\"\nstaff_file = \""
                                    << (dir / "staff.toml").string()
                                    << "\"\n[[scanner.source]]\nkind = \"stdin\"\nterminator = \"\\n\"\n";
  int in[2];
  if (::pipe(in) != 0) throw std::runtime_error("pipe");
  pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(in[0], STDIN_FILENO);
    ::close(in[0]);
    ::close(in[1]);
    std::string log = (dir / "daemon.log").string();
    std::FILE* out = std::freopen(log.c_str(), "w", stdout);
    std::FILE* err = std::freopen(log.c_str(), "a", stderr);
    (void)out;
    (void)err;
    std::string cfg = (dir / "kiosk.toml").string();
    ::execl(program.c_str(), program.c_str(), "--config", cfg.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::close(in[0]);
  const fs::path db_file = data_dir / "kiosk.db";
  const auto before = coupon_rows(db_file);
  std::string lines;
  for (const auto& n : numbers) lines += n + "\n";
  (void)!::write(in[1], lines.data(), lines.size());
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  bool done = false;
  while (!done && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    int status = 0;
    if (::waitpid(pid, &status, WNOHANG) == pid) break;
    done = coupon_rows(db_file) - std::max<std::int64_t>(before, 0) >=
           static_cast<std::int64_t>(numbers.size() / 2);
  }
  auto mem = rss_of(pid);
  ::kill(pid, SIGTERM);
  ::close(in[1]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (!done)
    throw std::runtime_error("smartstored did not journal the scans; see " + (dir / "daemon.log").string());
  return mem;
}

fs::path smartstored_program() {
  if (const char* p = std::getenv("SMARTSTORED")) return p;
  // <build>/bench/smartstore-bench next to <build>/edge/smartstored.
  return fs::read_symlink("/proc/self/exe").parent_path().parent_path() / "edge" / "smartstored";
}

}  // namespace smartstore::bench
