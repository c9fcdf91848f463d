// ctest-labels: integration security
// Snapshot staging under attack, through a real broker and the real agent:
// chunks for versions no manifest announced, or beyond a manifest's chunk
// list, never reach the staging disk (which the kiosk's journal shares), and
// the genuine snapshot still goes through.
#include "smartstore/sync/topics.h"
#include "sync/sync_fixture.h"

using namespace smartstore;
using namespace smartstore::testing;
using namespace std::chrono_literals;

TEST_CASE("staging holds only announced versions and indices") {
  SyncRig rig(SyncRig::Hq::answered_by_test);
  auto& agent = rig.start_agent();
  REQUIRE(wait_until([&] { return agent.stats().connected; }, 10s));
  RawClient raw(rig.broker.uri());
  auto down = [](std::string_view kind) { return sync::store_topic("S001", sync::Direction::down, kind); };
  auto chunk = [](std::int64_t version, std::uint32_t index, const std::string& data) {
    return peer_envelope(
        "S001", "snapshot-chunk",
        {{"version", version}, {"index", index}, {"sha256", models::sha256_hex(data)}, {"data", data}});
  };

  // Unannounced versions: a flood of 1 MB chunks under made-up versions.
  const std::string junk(1u << 20, 'x');
  for (std::int64_t v = 100; v < 110; ++v) raw.send(down("snapshot-chunk"), chunk(v, 0, junk));
  REQUIRE(wait_until([&] { return agent.stats().downlink_rejected == 10; }, 5s));

  // An announced version: indices beyond its manifest are refused too.
  auto m = write_fast_snapshot(rig.tmp / "v3", "S001", 3, 20, 10);
  raw.send(down("snapshot-manifest"),
           peer_envelope("S001", "snapshot-manifest",
                         {{"manifest", read_file(rig.tmp / "v3" / "manifest.json")}}));
  raw.send(down("snapshot-chunk"), chunk(3, 5, junk));
  REQUIRE(wait_until([&] { return agent.stats().downlink_rejected == 11; }, 5s));
  for (std::int64_t v = 100; v < 110; ++v)
    CHECK_FALSE(std::filesystem::exists(rig.tmp / "staging" / ("v" + std::to_string(v))));
  CHECK_FALSE(std::filesystem::exists(rig.tmp / "staging/v3" / models::chunk_file_name(5)));
  CHECK(agent.stats().last_rejection.find("beyond the manifest") != std::string::npos);

  for (std::uint32_t i = 0; i < 2; ++i)
    raw.send(down("snapshot-chunk"), chunk(3, i, read_file(rig.tmp / "v3" / models::chunk_file_name(i))));
  CHECK(wait_until([&] { return rig.kiosk.snapshot_version() == 3; }, 10s));
}
