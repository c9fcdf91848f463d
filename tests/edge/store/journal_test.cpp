// The coupon journal on its own: what an issue and a redemption write (the
// record and one outbox row each, in one transaction), what the policy reads
// back, and what a refused or repeated write leaves behind (nothing).
#include <doctest/doctest.h>

#include "smartstore/edge/store/kiosk_store.h"
#include "support/test_paths.h"

using namespace smartstore;
using namespace smartstore::edge;
using smartstore::testing::TempDir;

namespace {
const Clock::time_point kNow = Clock::time_point(std::chrono::seconds(1'717'200'000));  // 2024-06-01
const std::string kMember(64, 'b');

store::IssueRecord issue(const std::string& coupon_id, const std::string& offer_id) {
  store::IssueRecord r;
  r.coupon.coupon_id = coupon_id;
  r.coupon.code = "SC1." + coupon_id;
  r.coupon.offer_id = offer_id;
  r.coupon.reason_code = "star";
  r.coupon.expires_at = kNow + std::chrono::hours(24);
  r.member_key = kMember;
  r.day = "2024-06-01";
  return r;
}

struct Store {
  explicit Store(std::size_t outbox_max_rows = 1000)
      : s(dir / "kiosk.db", store::StoreOptions{"S001", outbox_max_rows, 30, false}) {}
  TempDir dir;
  store::KioskStore s;
};
}  // namespace

TEST_CASE("an issue is journaled with one outbox row; history, lookups and counters see it") {
  Store st;
  store::KioskStore& s = st.s;
  store::Journal& journal = s.journal();
  REQUIRE(journal.record_issue(issue("c1", "offer-a"), kNow));
  REQUIRE(journal.record_issue(issue("c2", "offer-b"), kNow + std::chrono::seconds(1)));
  CHECK(s.outbox().depth() == 2);

  const auto h = journal.history(kMember, "2024-06-01", kNow);
  CHECK(h.ever_issued);
  CHECK(h.issued_today == 2);
  CHECK(h.valid_offers.size() == 2);
  CHECK(journal.history(kMember, "2024-06-02", kNow).issued_today == 0);
  CHECK(journal.find_coupon("c1", kNow)->status == "issued");
  CHECK(journal.find_coupon("c1", kNow + std::chrono::hours(25))->status == "expired");
  CHECK_FALSE(journal.find_coupon("c9", kNow));
  const auto recent = journal.recent_coupons(kMember, 10, kNow);
  REQUIRE(recent.size() == 2);
  CHECK(recent[0].coupon.coupon_id == "c2");  // newest first
  CHECK(s.counters().coupons_issued == 2);
  CHECK(s.counters().issued_by_reason.at("star") == 2);
}

TEST_CASE("a coupon id issued twice is a conflict: nothing written, nothing counted") {
  Store st;
  store::KioskStore& s = st.s;
  REQUIRE(s.journal().record_issue(issue("c1", "offer-a"), kNow));
  const Status again = s.journal().record_issue(issue("c1", "offer-b"), kNow);
  REQUIRE_FALSE(again);
  CHECK(again.error().kind() == ErrorKind::conflict);
  CHECK(s.outbox().depth() == 1);
  CHECK(s.journal().find_coupon("c1", kNow)->coupon.offer_id == "offer-a");
  CHECK(s.counters().coupons_issued == 1);
  CHECK(s.counters().storage_write_failures.empty());  // not the disk
}

TEST_CASE("a redemption is recorded once; the second is refused and leaves no row") {
  Store st;
  store::KioskStore& s = st.s;
  store::Journal& journal = s.journal();
  REQUIRE(journal.record_issue(issue("c1", "offer-a"), kNow));
  auto first = journal.record_redemption("c1", "store", "till-1", kMember, kNow);
  REQUIRE(first);
  CHECK(*first == store::RedeemWrite::recorded);
  auto second = journal.record_redemption("c1", "store", "till-2", kMember, kNow);
  REQUIRE(second);
  CHECK(*second == store::RedeemWrite::already_redeemed);
  CHECK(s.outbox().depth() == 2);  // the issue and one redemption
  CHECK(journal.find_coupon("c1", kNow)->status == "redeemed");
  CHECK(journal.history(kMember, "2024-06-01", kNow).valid_offers.empty());
  CHECK(s.counters().coupons_redeemed == 1);
}

TEST_CASE("a full outbox refuses an issue by kind and counts it, but never a redemption") {
  Store st(1);
  store::KioskStore& s = st.s;
  REQUIRE(s.journal().record_issue(issue("c1", "offer-a"), kNow));
  const Status refused = s.journal().record_issue(issue("c2", "offer-b"), kNow);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().kind() == ErrorKind::outbox_full);
  CHECK_FALSE(s.journal().find_coupon("c2", kNow));
  CHECK(s.counters().refused_outbox_full == 1);
  auto redeemed = s.journal().record_redemption("c1", "store", "till-1", kMember, kNow);
  REQUIRE(redeemed);
  CHECK(*redeemed == store::RedeemWrite::recorded);
  CHECK(s.outbox().depth() == 2);
}

TEST_CASE("history: an offer is held only while its coupon is unexpired, unredeemed and not revoked") {
  Store st;
  store::KioskStore& s = st.s;
  store::Journal& journal = s.journal();
  auto expired = issue("c1", "offer-expired");
  expired.coupon.expires_at = kNow - std::chrono::hours(1);
  REQUIRE(journal.record_issue(expired, kNow - std::chrono::hours(2)));
  REQUIRE(journal.record_issue(issue("c2", "offer-redeemed"), kNow));
  REQUIRE(journal.record_issue(issue("c3", "offer-revoked"), kNow));
  REQUIRE(journal.record_issue(issue("c4", "offer-held"), kNow));
  REQUIRE(journal.record_redemption("c2", "store", "till-1", kMember, kNow));
  REQUIRE(s.downlink().revoke_coupons({"c3"}));
  const auto h = journal.history(kMember, "2024-06-01", kNow);
  CHECK(h.ever_issued);
  CHECK(h.issued_today == 4);
  CHECK(h.valid_offers == std::vector<std::string>{"offer-held"});
  CHECK_FALSE(journal.history(std::string(64, 'c'), "2024-06-01", kNow).ever_issued);
}

TEST_CASE("an issue and a redemption carry the clock floor in their own commit") {
  TempDir dir;
  const auto later = kNow + std::chrono::hours(1);
  {
    store::KioskStore s(dir / "kiosk.db", store::StoreOptions{"S001"});
    REQUIRE(s.journal().record_issue(issue("c1", "offer-a"), kNow));
    CHECK(s.clock_floor().floor() == kNow);
    // Observed again at the same time: nothing left to write.
    REQUIRE(s.clock_floor().observe(kNow));
    REQUIRE(s.journal().record_redemption("c1", "store", "till-1", kMember, later));
  }
  store::KioskStore s(dir / "kiosk.db", store::StoreOptions{"S001"});
  CHECK(s.clock_floor().floor() == later);  // on disk, though observe() never wrote it
}
