// ctest-labels: integration
// A kiosk applies a 200,000-profile snapshot (~90 MB of chunk lines) in a
// process of its own whose peak resident memory (VmHWM over the staging and
// the apply) stays under a limit far below the snapshot's size, while a
// thread scanning members of the old snapshot is served throughout. Holding
// the chunks in memory, as the apply once did, needs more than the limit by
// the snapshot's bytes alone.
#include <doctest/doctest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <map>
#include <thread>

#include "support/apply_probe.h"
#include "support/skip.h"
#include "support/test_paths.h"

using namespace smartstore;
namespace probe = smartstore::testing::apply_probe;

namespace {

constexpr std::size_t kProfiles = 200'000;
constexpr std::size_t kOldProfiles = 2'000;
// The process idles at ~20 MiB (the 16 MiB SQLite page cache filling); the
// apply may add its index (24 bytes a profile: 4.6 MiB), a few chunks being
// validated and one batch of lines read back.
constexpr double kLimitMib = 64;

// The child's whole life: the old snapshot applied, HQ's new one written,
// then the measured stage + apply. Results as "name value" lines.
int child(const std::filesystem::path& dir) {
  try {
    {
      edge::store::StoreOptions so;
      so.store_id = "S001";
      edge::store::KioskStore store(dir / "kiosk.db", so);
      auto old = probe::write_generated_snapshot(dir / "hq-v1", kOldProfiles, 1'000, "bench", 1);
      std::vector<std::string> chunks;
      for (const auto& c : old.chunks)
        chunks.push_back(testing::read_file(dir / "hq-v1" / models::chunk_file_name(c.index)));
      if (!store.downlink().apply_snapshot(old, chunks)) return 3;
    }
    probe::write_generated_snapshot(dir / "hq-v2", kProfiles, 5'000, "bench", 2);
    probe::Options o;
    o.db = dir / "kiosk.db";
    o.staging = dir / "sync-staging";
    o.snapshot = dir / "hq-v2";
    o.scan_members = kOldProfiles;
    o.idle = std::chrono::milliseconds(300);
    const auto r = probe::run(o);
    std::ofstream out(dir / "report.txt");
    out << "error " << (r.error.empty() ? "-" : r.error) << "\npeak_mib " << r.peak_rss_mib << "\nidle_mib "
        << r.idle_rss_mib << "\nprofiles " << r.profiles << "\nscans " << r.scan_ms.size() << "\nmissed "
        << r.scan_missed << "\nstaging_left " << std::filesystem::exists(dir / "sync-staging/v2") << "\n";
    return out ? 0 : 4;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "child: %s\n", e.what());
    return 5;
  }
}

std::map<std::string, std::string> read_report(const std::filesystem::path& file) {
  std::map<std::string, std::string> out;
  std::ifstream in(file);
  for (std::string line; std::getline(in, line);) {
    const auto sp = line.find(' ');
    if (sp != std::string::npos) out[line.substr(0, sp)] = line.substr(sp + 1);
  }
  return out;
}

}  // namespace

TEST_CASE("a 200,000-profile snapshot applies within 64 MiB of peak memory while scans are served") {
  if (!std::filesystem::exists("/proc/self/clear_refs"))
    testing::skip_test("no /proc/self/clear_refs: the peak memory cannot be measured from here");
  testing::TempDir dir;
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) ::_exit(child(dir.path()));  // before this process allocates anything large
  int status = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (::waitpid(pid, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      FAIL("the apply did not finish within 120 s");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  REQUIRE(WIFEXITED(status));
  REQUIRE(WEXITSTATUS(status) == 0);
  auto report = read_report(dir / "report.txt");
  INFO("peak ", report["peak_mib"], " MiB, idle ", report["idle_mib"], " MiB, ", report["scans"], " scans");
  CHECK(report["error"] == "-");
  CHECK(std::stoull(report["profiles"]) == kProfiles);
  CHECK(std::stod(report["peak_mib"]) <= kLimitMib);
  CHECK(std::stod(report["peak_mib"]) > 0);
  // Scans kept being answered, from the old snapshot and then the new one.
  CHECK(std::stoull(report["scans"]) >= 100);
  CHECK(report["missed"] == "0");
  CHECK(report["staging_left"] == "0");
}
