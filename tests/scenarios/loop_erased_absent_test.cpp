// ctest-labels: integration
// Erased -> absent: a member the kiosk knows (scanned, given a coupon,
// noted by staff) syncs up through the agent and ingest like any other, and
// the store-events export carries them; the batch with those events alone
// brings them back, the batch given the erased members' list (as
// `smartstore-hq erasures` writes it) has them in no output file — not the
// snapshot, the report, the summary or the dip campaigns — while the other
// member's note still counts.
#include "loop_chain.h"

using namespace smartstore;
using namespace smartstore::testing;
using namespace smartstore::testing::loop;

TEST_CASE("loop_erased_absent: an erased member is in no output of the next batch") {
  TempDir tmp;
  write_chain(tmp.path());
  const int erased = 3, kept = 4;
  store_day(tmp.path(), [&](KioskRig& rig) {
    for (int member : {erased, kept}) {
      const auto scan = rig.kiosk.on_scan(number_of(member), kDay1);
      REQUIRE(scan.coupon);
      if (member == erased) REQUIRE(rig.kiosk.redeem(scan.coupon->code, "till-1", kDay1 + 1h).accepted);
      edge::StaffNote note;
      note.items = {{"P3", "", 1, 3000, true}};
      note.deliberation_min = 12.0;
      const auto recorded = rig.kiosk.record_note(number_of(member), note, "staff-1",
                                                  "loop-erase-" + std::to_string(member), kDay1 + 2h);
      REQUIRE_MESSAGE(recorded.has_value(), (recorded ? "" : recorded.error().message()));
    }
  });
  const auto events = export_events(tmp.path());
  const std::string key = key_of(erased);
  REQUIRE(read_file(events).find("coupon_issued," + key) != std::string::npos);

  // The events alone bring the member back, coupons and all.
  const BatchRun with_events = run_batch(tmp.path(), "events", {"--events", events.string()});
  REQUIRE(with_events.by_key.count(key) == 1);
  CHECK(with_events.by_key.at(key).coupons_redeemed == 1);

  write_file(tmp / "erased-members.txt", "# smartstore-hq erasures\n" + key + "\n");
  const BatchRun next = run_batch(
      tmp.path(), "next", {"--events", events.string(), "--erased", (tmp / "erased-members.txt").string()});
  CHECK(next.log.find("erased: 1 customers left out") != std::string::npos);
  CHECK(next.by_key.count(key) == 0);
  CHECK(next.by_key.size() + 1 == with_events.by_key.size());
  std::size_t files = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(next.out)) {
    if (!e.is_regular_file()) continue;
    ++files;
    // The report lists member keys by their first 16 characters.
    CHECK_MESSAGE(read_file(e.path()).find(key.substr(0, 16)) == std::string::npos, e.path().string());
  }
  CHECK(files >= 4);  // snapshot chunk and manifest, report, summary, dip campaigns
  CHECK(next.log.find("1 noted sales counted") != std::string::npos);
  CHECK(models::CategoryPreference(preference(next.by_key.at(key_of(kept)), "Sports")).count ==
        preference(with_events.by_key.at(key_of(kept)), "Sports").count);
}
