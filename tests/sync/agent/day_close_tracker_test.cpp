// The store's day-close bookkeeping without a broker: which send an answer
// closes, when an unanswered day is sent again, and which events an answer
// confirms or sends again.
#include <doctest/doctest.h>

#include "../../../sync/src/agent/day_close_tracker.h"
#include "smartstore/sync/day_close.h"

using namespace smartstore::sync;
using namespace smartstore::sync::detail;
using namespace std::chrono_literals;

namespace {

DayCloseAnswer answer(const std::string& day, const std::string& close_id, std::vector<std::string> types) {
  DayCloseAnswer a{day, close_id, {}};
  for (auto& t : types) a.types.push_back({std::move(t), true, {}, {}});
  return a;
}

}  // namespace

TEST_CASE("only the answer echoing the last send's close id closes the day") {
  DayCloseTracker t(1s);
  const auto t0 = DayCloseTracker::Clock::now();
  t.sent("2026-11-20", "first", {"coupon_issued"}, t0);
  t.sent("2026-11-20", "second", {"coupon_issued"}, t0);
  CHECK(t.last_close_id("2026-11-20") == "second");
  CHECK(t.answered(answer("2026-11-20", "first", {"coupon_issued"})) ==
        DayCloseTracker::Outcome::earlier_send);
  CHECK(t.awaiting("2026-11-20"));
  CHECK(t.answered(answer("2026-11-20", "second", {"coupon_issued"})) == DayCloseTracker::Outcome::closed);
  CHECK_FALSE(t.awaiting("2026-11-20"));
  CHECK(t.last_close_id("2026-11-20").empty());
  // A late duplicate of the answer finds nothing waiting.
  CHECK(t.answered(answer("2026-11-20", "second", {"coupon_issued"})) ==
        DayCloseTracker::Outcome::not_awaited);
  CHECK(t.answered(answer("2026-11-19", "x", {})) == DayCloseTracker::Outcome::not_awaited);
}

TEST_CASE("an answer without a close id closes the day when it lists the last send's types, in any order") {
  DayCloseTracker t(1s);
  t.sent("2026-11-20", "c1", {"staff_note"}, DayCloseTracker::Clock::now());
  t.sent("2026-11-20", "c2", {"staff_note", "coupon_issued"}, DayCloseTracker::Clock::now());
  CHECK(t.answered(answer("2026-11-20", "", {"staff_note"})) == DayCloseTracker::Outcome::earlier_send);
  CHECK(t.answered(answer("2026-11-20", "", {"staff_note", "coupon_issued"})) ==
        DayCloseTracker::Outcome::closed);
}

TEST_CASE("an unanswered day is due after the answer time, doubling per send up to 64 times") {
  DayCloseTracker t(1s);
  const auto t0 = DayCloseTracker::Clock::now();
  t.sent("2026-11-20", "a", {}, t0);
  CHECK(t.due(t0 + 900ms).empty());
  CHECK(t.due(t0 + 1100ms) == std::vector<std::string>{"2026-11-20"});
  t.sent("2026-11-20", "b", {}, t0);
  CHECK(t.due(t0 + 1900ms).empty());
  CHECK(t.due(t0 + 2100ms).size() == 1);
  for (int i = 0; i < 10; ++i) t.sent("2026-11-20", "c", {}, t0);
  CHECK(t.due(t0 + 63s).empty());
  CHECK(t.due(t0 + 65s).size() == 1);  // capped at 64x
  t.answered(answer("2026-11-20", "c", {}));
  CHECK(t.due(t0 + 1h).empty());
}

TEST_CASE("a match confirms the store's events only while they are the set the day-close counted") {
  const std::vector<std::string> counted = {"e1", "e2", "e3"};
  Settlement s;
  DayCloseTracker::settle({"coupon_issued", true, day_ids_digest(counted), {}}, counted, s);
  CHECK(s.confirmed == counted);
  CHECK(s.resend.empty());

  // Journalled since the day-close was sent: never published, so not confirmed.
  Settlement later;
  DayCloseTracker::settle({"coupon_issued", true, day_ids_digest(counted), {}}, {"e1", "e2", "e3", "e4"},
                          later);
  CHECK(later.confirmed.empty());
  CHECK(later.resend.empty());

  // An HQ that sends no digest confirms nothing by a match.
  Settlement no_digest;
  DayCloseTracker::settle({"coupon_issued", true, "", {}}, counted, no_digest);
  CHECK(no_digest.confirmed.empty());
}

TEST_CASE("a mismatch confirms what HQ holds and resends the rest") {
  Settlement s;
  DayCloseTracker::settle({"staff_note", false, {}, {"e2", "e9"}}, {"e1", "e2", "e3"}, s);
  CHECK(s.confirmed == std::vector<std::string>{"e2"});
  CHECK(s.resend == std::vector<std::string>{"e1", "e3"});
}
