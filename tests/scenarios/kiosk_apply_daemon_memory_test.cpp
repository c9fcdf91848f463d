// ctest-labels: integration
// The real smartstored, holding an old snapshot, receives a 200,000-profile
// snapshot (~90 MB of chunk lines) from HQ's publisher over a real mosquitto,
// stages and applies it, and its peak resident memory over the publish and
// apply (VmHWM, reset just before) stays within a limit far below the
// snapshot's size above its idle memory, while staff scans of members of both
// snapshots posted to its HTTP API are answered throughout. A daemon that held
// the received chunks in memory (or the staged ones while applying) would need
// the snapshot's bytes on top of its idle memory.
#include <doctest/doctest.h>

#include <fstream>

#include "smartstore/models/member_key.h"
#include "smartstore/sync/hq.h"
#include "support/apply_probe.h"
#include "support/kiosk_daemon.h"
#include "support/member_numbers.h"
#include "support/mosquitto_broker.h"
#include "support/skip.h"
#include "support/test_paths.h"

using namespace smartstore;
using namespace smartstore::testing;
using namespace std::chrono_literals;

namespace {

constexpr std::size_t kProfiles = 200'000;
constexpr std::size_t kOldProfiles = 2'000;
// Over the daemon's idle VmRSS: the apply's index (24 bytes a profile:
// 4.6 MiB), a few chunks being validated and received (~2.3 MB each), one
// batch of lines read back and the 16 MiB SQLite page cache filling. The
// snapshot's chunks alone are 86 MiB.
constexpr double kLimitAboveIdleMib = 48;

std::string card_number(std::size_t i) {
  return with_luhn_digit(std::to_string(200000000000000ULL + i));  // 15 digits + check
}

bool wait_for_version(KioskDaemon& daemon, std::int64_t version, std::chrono::seconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (daemon.snapshot_version() != version) {
    if (std::chrono::steady_clock::now() > deadline || !daemon.running()) return false;
    std::this_thread::sleep_for(50ms);
  }
  return true;
}

}  // namespace

TEST_CASE(
    "smartstored applies a 200,000-profile snapshot from the broker in bounded memory, scans answered") {
  TempDir tmp;
  const std::vector<unsigned char> deployment_key(32, 5);
  models::MemberKeyer keyer(deployment_key);
  auto key_of = [&keyer](std::size_t i) { return keyer.key(card_number(i)); };
  apply_probe::write_keyed_snapshot(tmp / "v1", kOldProfiles, 1'000, key_of, 1);
  apply_probe::write_keyed_snapshot(tmp / "v2", kProfiles, 5'000, key_of, 2);
  std::vector<std::string> scanned;  // members of both versions
  for (std::size_t i = 0; i < kOldProfiles; i += 7) scanned.push_back(card_number(i));

  MosquittoBroker broker(tmp / "broker");
  KioskDaemon daemon(program("smartstored"), tmp / "kiosk", broker.uri(), deployment_key);
  daemon.start();
  const sync::BrokerOptions hq{broker.uri(), "hq-pub", {}, {}, {}, 5000ms};
  REQUIRE(sync::publish_snapshot(hq, "S001", tmp / "v1").has_value());
  REQUIRE_MESSAGE(wait_for_version(daemon, 1, 60s), daemon.log());

  double idle_mib = 0;
  {
    HttpScans idle(daemon.http_port(), KioskDaemon::staff_token(), scanned, 0, 5ms);
    std::this_thread::sleep_for(500ms);
    CHECK(idle.stop().size() >= 10);
    CHECK(idle.missed() == 0);
  }
  idle_mib = proc_status_mib(daemon.pid(), "VmRSS:");
  if (!daemon.reset_peak() || proc_status_mib(daemon.pid(), "VmHWM:") > idle_mib + 1)
    skip_test("the kernel did not reset smartstored's VmHWM (/proc/PID/clear_refs)");

  HttpScans scans(daemon.http_port(), KioskDaemon::staff_token(), scanned, 0, 5ms);
  REQUIRE(sync::publish_snapshot(hq, "S001", tmp / "v2").has_value());
  REQUIRE_MESSAGE(wait_for_version(daemon, 2, 300s), daemon.log());
  const auto answered = scans.stop();
  const double peak_mib = proc_status_mib(daemon.pid(), "VmHWM:");
  MESSAGE("smartstored idle " << idle_mib << " MiB, peak over the publish and apply " << peak_mib << " MiB; "
                              << answered.size()
                              << " scans answered; last failure: " << scans.last_failure());
  CHECK(peak_mib > idle_mib);
  CHECK(peak_mib <= idle_mib + kLimitAboveIdleMib);
  CHECK(answered.size() >= 50);
  CHECK(scans.missed() == 0);
  daemon.stop();
  CHECK(!std::filesystem::exists(daemon.data_dir() / "sync-staging" / "v2"));
}
