#pragma once
// HQ's side of a fleet run: the PKI for N stores (firmware-config/provision.sh,
// one certificate per store, CN = store id), one mosquitto with TLS and the
// shipped ACL, a PostgreSQL server, and HQ ingest as P `smartstore-hq ingest`
// processes on one shared subscription ($share/hq/...) into that database.
// Header-only: used by tests/scenarios/fleet_50_test.cpp and bench/fleet_bench.cpp.
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "smartstore/sync/broker_options.h"
#include "support/child_process.h"
#include "support/fleet_pki.h"
#include "support/mosquitto_broker.h"
#include "support/skip.h"
#include "support/test_paths.h"
#include "support/tls_login.h"
#include "sync/hq/postgres_server.h"

namespace smartstore::testing::fleet {

// A fleet member's or HQ's login; a thousand TLS handshakes queue at one
// broker, so it waits longer for its CONNACK than the default.
inline sync::BrokerOptions fleet_login(const std::string& uri, const std::filesystem::path& pki,
                                       const std::string& cert, const std::string& client_id) {
  auto b = tls_broker(uri, pki, cert, client_id);
  b.connect_timeout = std::chrono::seconds(30);
  return b;
}

// What /proc says about a process: peak resident memory and CPU time.
struct ProcessUsage {
  double peak_rss_mib = 0;
  double cpu_s = 0;
};

inline ProcessUsage process_usage(int pid) {
  ProcessUsage u;
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(status, line);)
    if (line.rfind("VmHWM:", 0) == 0) u.peak_rss_mib = std::stod(line.substr(6)) / 1024.0;
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  // Fields after the command (which may hold spaces) start at field 3; utime
  // and stime are fields 14 and 15.
  std::istringstream rest(text.substr(text.rfind(')') + 2));
  std::string field;
  double ticks = 0;
  for (int f = 3; f <= 15 && rest >> field; ++f)
    if (f >= 14) ticks += std::stod(field);
  u.cpu_s = ticks / static_cast<double>(::sysconf(_SC_CLK_TCK));
  return u;
}

// A fleet test runs only where PostgreSQL 15 and mosquitto are installed;
// elsewhere it is skipped (77), never passed.
inline void skip_without_fleet_tools() {
  if (!postgres_available()) skip_test("PostgreSQL 15 binaries not installed (" + std::string(kPgBin) + ")");
  if (!std::filesystem::exists("/usr/sbin/mosquitto")) skip_test("mosquitto not installed");
}

class FleetHq {
 public:
  // dir: for PostgreSQL (under the temp directory: as root its path is
  // handed to `nobody`), the broker and the ingest logs.
  FleetHq(const std::filesystem::path& dir, const std::filesystem::path& pki,
          const std::filesystem::path& snapshots, unsigned ingest_processes)
      : dir_(dir), pki_(pki), postgres_(dir / "postgres"), broker_(dir / "broker", broker_options(pki)) {
    for (unsigned i = 0; i < ingest_processes; ++i) start_ingest(i, snapshots);
  }
  ~FleetHq() { (void)stop_ingest(); }
  FleetHq(const FleetHq&) = delete;
  FleetHq& operator=(const FleetHq&) = delete;

  [[nodiscard]] std::string broker_uri() const { return broker_.uri(); }
  [[nodiscard]] std::string db_url() const { return postgres_.url(); }
  [[nodiscard]] const std::filesystem::path& pki() const { return pki_; }
  [[nodiscard]] ProcessUsage broker_usage() const { return process_usage(broker_.pid()); }
  // One per ingest process, while they run.
  [[nodiscard]] std::vector<ProcessUsage> ingest_usage() const {
    std::vector<ProcessUsage> out;
    for (const auto& p : ingest_) out.push_back(process_usage(p->pid()));
    return out;
  }
  // Bytes HQ's events table takes on disk, its indexes included (psql).
  [[nodiscard]] double events_table_bytes() const {
    const auto log = dir_ / "events-size.log";
    std::filesystem::remove(log);
    ChildProcess psql(std::string(kPgBin) + "psql",
                      {"-tA", "-d", postgres_.url(), "-c", "SELECT pg_total_relation_size('events')"}, log);
    return psql.wait(std::chrono::seconds(60)) == 0 ? std::stod(read_file(log)) : -1.0;
  }
  // `smartstore-hq publish --all-stores` for every snapshot under
  // `snapshots`, as `processes` publishers side by side, each over its share
  // of the stores (a directory of links); true when all exited 0. One
  // publisher connects anew for each store and waits for each acknowledgement.
  [[nodiscard]] bool publish_all(const std::filesystem::path& snapshots, unsigned processes = 1) const {
    std::vector<std::filesystem::path> shards;
    for (unsigned k = 0; k < processes; ++k) {
      shards.push_back(dir_ / "publish" / std::to_string(k));
      std::filesystem::remove_all(shards.back());
      std::filesystem::create_directories(shards.back());
    }
    std::size_t i = 0;
    for (const auto& entry : std::filesystem::directory_iterator(snapshots))
      std::filesystem::create_directory_symlink(entry.path(),
                                                shards[i++ % processes] / entry.path().filename());
    std::vector<std::unique_ptr<ChildProcess>> publishers;
    for (unsigned k = 0; k < processes; ++k)
      publishers.push_back(std::make_unique<ChildProcess>(
          program("smartstore-hq"),
          with_login({"publish", "--all-stores", shards[k].string()}, "hq-publish-" + std::to_string(k)),
          dir_ / ("publish-" + std::to_string(k) + ".log")));
    bool ok = true;
    for (auto& p : publishers) ok = p->wait(std::chrono::minutes(30)) == 0 && ok;
    return ok;
  }
  // Stops the ingest processes; what each said it stored (its last line:
  // "ingest: stopped; stored N, ..."), -1 where it said nothing.
  std::vector<std::int64_t> stop_ingest() {
    for (auto& p : ingest_) p->signal(SIGTERM);
    std::vector<std::int64_t> stored;
    for (auto& p : ingest_) {
      p->wait(std::chrono::seconds(20));
      const std::string log = p->log();
      const auto at = log.rfind("stopped; stored ");
      stored.push_back(at == std::string::npos ? -1 : std::stoll(log.substr(at + 16)));
    }
    ingest_.clear();
    return stored;
  }

 private:
  static MosquittoOptions broker_options(const std::filesystem::path& pki) {
    MosquittoOptions mo = shipped_broker_options(pki);
    // The shipped broker's persistence (firmware-config/mosquitto.conf.example:
    // the default half-hour autosave). The test broker saves every second for
    // its restart tests; with a thousand sessions and their queues that save
    // took the broker most of its time.
    mo.extra_config = "autosave_interval 1800";
    return mo;
  }

  [[nodiscard]] std::vector<std::string> with_login(std::vector<std::string> args,
                                                    const std::string& client_id) const {
    const std::vector<std::string> login = {"--broker",      broker_.uri(),
                                            "--ca",          (pki_ / "ca.crt").string(),
                                            "--cert",        (pki_ / "hq.crt").string(),
                                            "--key",         (pki_ / "hq.key").string(),
                                            "--signing-key", (pki_ / "hq-ed25519.key").string(),
                                            "--client-id",   client_id};
    args.insert(args.end(), login.begin(), login.end());
    return args;
  }

  void start_ingest(unsigned i, const std::filesystem::path& snapshots) {
    auto args =
        with_login({"ingest", "--db", postgres_.url(), "--snapshots", snapshots.string(), "--group", "hq"},
                   "hq-ingest-" + std::to_string(i));
    ingest_.push_back(std::make_unique<ChildProcess>(program("smartstore-hq"), args,
                                                     dir_ / ("ingest-" + std::to_string(i) + ".log")));
    if (!ingest_.back()->wait_for_log("ingest: subscribed", std::chrono::seconds(60)))
      throw std::runtime_error("fleet: ingest " + std::to_string(i) +
                               " did not start: " + ingest_.back()->log());
  }

  std::filesystem::path dir_, pki_;
  PostgresServer postgres_;
  MosquittoBroker broker_;
  std::vector<std::unique_ptr<ChildProcess>> ingest_;
};

}  // namespace smartstore::testing::fleet
