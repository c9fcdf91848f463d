// ctest-labels: integration
// Note -> index: a staff note at the kiosk that a member bought a ball
// (Sports, never bought at the till) and deliberated twenty minutes reaches
// the next snapshot through the agent, ingest, the store-events export and
// the batch: the member's Sports count and index rise and they turn
// meticulous, where the same batch without the events leaves them as they were.
// Cut any arrow (no note, no sync, no export, no --events) and the counts stay.
#include "loop_chain.h"

using namespace smartstore;
using namespace smartstore::testing;
using namespace smartstore::testing::loop;

TEST_CASE("loop_note_to_index: a sold item in a staff note moves the member's preference index") {
  TempDir tmp;
  write_chain(tmp.path());
  const int member = 1;  // bought Food and Beauty, never Sports
  store_day(tmp.path(), [&](KioskRig& rig) {
    edge::StaffNote note;
    note.items = {{"P3", "", 2, 3000, true}};
    note.considered = {{"P4", "", 1, 12000, false}};
    note.deliberation_min = 20.0;
    auto recorded = rig.kiosk.record_note(number_of(member), note, "staff-1", "loop-note-1", kDay1);
    REQUIRE_MESSAGE(recorded.has_value(), (recorded ? "" : recorded.error().message()));
  });
  CHECK(hq_count(tmp / "hq.db", "SELECT COUNT(*) FROM events WHERE type='staff_note'") == 1);
  const auto events = export_events(tmp.path());
  const std::string csv = read_file(events);
  CHECK(csv.find("sold," + key_of(member) + ",") != std::string::npos);

  const BatchRun before = run_batch(tmp.path(), "before", {});
  const BatchRun after = run_batch(tmp.path(), "after", {"--events", events.string()});
  CHECK(after.log.find("1 noted sales counted") != std::string::npos);
  const auto& was = before.by_key.at(key_of(member));
  const auto& now = after.by_key.at(key_of(member));
  CHECK(preference(was, "Sports").count == 0);
  CHECK(preference(now, "Sports").count == 2);
  CHECK(preference(now, "Sports").index > preference(was, "Sports").index);
  CHECK(preference(now, "Food").count == preference(was, "Food").count);
  REQUIRE(was.behaviour_type != "meticulous");
  CHECK(now.behaviour_type == "meticulous");
  CHECK(now.deliberation_min == doctest::Approx(20.0));
  REQUIRE_FALSE(now.interest.empty());
  // Everyone else keeps their counts and type (their indices move a little:
  // the noted sale is a purchase in report 000's P(age|c) and P(gender|c) too).
  const auto& other_was = before.by_key.at(key_of(2));
  const auto& other_now = after.by_key.at(key_of(2));
  for (const auto& c : other_was.preferences) CHECK(preference(other_now, c.category).count == c.count);
  CHECK(other_now.behaviour_type == other_was.behaviour_type);
  CHECK(other_now.interest.empty());
}
