// smartstore-apply-probe: the sync_snapshot bench's child process. It applies
// HQ's snapshot directory to a kiosk database the way smartstored does
// (tests/support/apply_probe.h) and prints what it measured as JSON, so the
// peak resident memory is the apply's own, not the bench's, which holds the
// generated snapshot and the bare-insert baselines.
//   smartstore-apply-probe DB STAGING_DIR SNAPSHOT_DIR SCAN_MEMBERS OUT.json
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>

#include "support/apply_probe.h"

int main(int argc, char** argv) {
  if (argc != 6) {
    std::fprintf(stderr, "usage: smartstore-apply-probe DB STAGING_DIR SNAPSHOT_DIR SCAN_MEMBERS OUT.json\n");
    return 2;
  }
  namespace probe = smartstore::testing::apply_probe;
  try {
    probe::Options o;
    o.db = argv[1];
    o.staging = argv[2];
    o.snapshot = argv[3];
    o.scan_members = std::stoull(argv[4]);
    const auto r = probe::run(o);
    nlohmann::json out = {{"error", r.error},
                          {"idle_rss_mib", r.idle_rss_mib},
                          {"peak_rss_mib", r.peak_rss_mib},
                          {"stage_s", r.stage_s},
                          {"apply_s", r.apply_s},
                          {"profiles", r.profiles},
                          {"scan_missed", r.scan_missed},
                          {"idle_scan_ms", r.idle_scan_ms},
                          {"scan_ms", r.scan_ms}};
    std::ofstream(argv[5]) << out.dump();
    return r.error.empty() ? 0 : 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "smartstore-apply-probe: %s\n", e.what());
    return 1;
  }
}
