// The SQLite store: migrations from every earlier version, snapshot swap that
// survives SIGKILL mid-apply, deltas, aliases and erasure.
#include <doctest/doctest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <future>
#include <thread>

#include "smartstore/common/sqlite/database.h"
#include "smartstore/edge/store/kiosk_store.h"
#include "smartstore/edge/store/migrations.h"
#include "smartstore/models/snapshot_format.h"
#include "smartstore/sync/coupon_key_seal.h"
#include "support/test_paths.h"

using namespace smartstore;
using namespace smartstore::edge;
using smartstore::testing::TempDir;

namespace {
std::string key_of(int i) {
  std::string k = std::to_string(i);
  return std::string(64 - k.size(), 'a') + k;
}

std::vector<models::CustomerProfile> profiles(int n, const std::string& tier) {
  std::vector<models::CustomerProfile> out;
  for (int i = 0; i < n; ++i) {
    models::CustomerProfile p;
    p.member_key = key_of(i);
    p.tier = tier;
    p.preferences = {{"화장품", 100, 3}};
    out.push_back(p);
  }
  return out;
}

// Chunks and manifest as HQ sends them (models::write_snapshot, read back).
std::pair<models::SnapshotManifest, std::vector<std::string>> snapshot(
    const TempDir& dir, std::int64_t version, const std::vector<models::CustomerProfile>& ps,
    std::size_t chunk) {
  auto out = dir / ("snap" + std::to_string(version));
  auto manifest = models::write_snapshot(out, "S001", version, ps, models::PreferenceModel{}, chunk);
  std::vector<std::string> bytes;
  for (const auto& c : manifest.chunks)
    bytes.push_back(testing::read_file(out / models::chunk_file_name(c.index)));
  return {manifest, bytes};
}

store::StoreOptions options() {
  return {"S001", 1000, 30, false};
}
}  // namespace

TEST_CASE("migrations apply from every earlier version and keep data") {
  for (int from = 0; from < store::latest_schema_version(); ++from) {
    CAPTURE(from);
    TempDir dir;
    {
      sqlite::Database db(dir / "kiosk.db");
      store::migrate(db, from);
      CHECK(store::schema_version(db) == from);
      if (from >= 1)
        db.exec("INSERT INTO profiles_a VALUES ('" + key_of(1) + "', '" +
                models::encode_profile(profiles(2, "star")[1]) + "')");
      if (from >= 2) {
        db.exec(
            "INSERT INTO outbox (event_id, type, day, created_at, payload) VALUES ('e1', 'staff_note', "
            "'2024-06-01', 'x', '{}')");
        db.exec(
            "INSERT INTO coupons (coupon_id, code, member_key, offer_id, reason_code, body, day, issued_at, "
            "expires_at) "
            "VALUES ('c1', 'SC1.X', 'k', 'star_thank_you', 'tier.star', '{}', '2024-06-01', 1, 2)");
      }
      if (from == 3) {  // v4's derivation of GTIN-14 from rows already there
        db.exec(
            "INSERT INTO catalog (gtin, product_code, name, category, offline_price_krw, online_price_krw, "
            "app_link) "
            "VALUES ('96385074', 'P8', 'gum', 'snack', 1000, 1000, ''), ('PD77', 'P77', 'no gtin', 'x', 1, "
            "1, '')");
      }
    }
    store::KioskStore s(dir / "kiosk.db", options());
    CHECK(s.integrity_ok());
    if (from >= 1) CHECK(s.profiles().find(key_of(1)).has_value());
    if (from >= 2) {
      CHECK(s.outbox().depth() == 1);
      CHECK(s.journal().campaign_usage().empty());  // the v3 column defaulted
    }
    if (from == 3) {  // v4 derived GTIN-14 from the rows already there
      REQUIRE(s.catalog().find("00000096385074"));
      CHECK(s.catalog().find("00000096385074")->gtin == "96385074");
      CHECK(s.catalog().find("PD77")->gtin14.empty());
    }
  }
  TempDir dir;
  {
    sqlite::Database db(dir / "kiosk.db");
    db.exec("PRAGMA user_version=99");
  }
  CHECK_THROWS_AS(store::KioskStore(dir / "kiosk.db", options()), sqlite::StorageError);
}

TEST_CASE("snapshot apply swaps atomically; a refused one leaves the old version") {
  TempDir dir;
  store::KioskStore s(dir / "kiosk.db", options());
  auto [m1, c1] = snapshot(dir, 1, profiles(50, "star"), 20);
  REQUIRE(s.downlink().apply_snapshot(m1, c1));
  CHECK(s.downlink().snapshot_version() == 1);
  CHECK(s.profiles().count() == 50);
  CHECK(s.profiles().find(key_of(7))->tier == "star");

  auto [m2, c2] = snapshot(dir, 2, profiles(30, "butterfly"), 20);
  auto bad = c2;
  bad[1] = bad[1].substr(0, bad[1].size() / 2);
  auto refused = s.downlink().apply_snapshot(m2, bad);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().kind() == ErrorKind::invalid_input);
  CHECK(refused.error().message().rfind("chunk 1", 0) == 0);
  CHECK(s.downlink().snapshot_version() == 1);
  CHECK(s.profiles().find(key_of(7))->tier == "star");
  CHECK_FALSE(s.downlink().apply_snapshot(m1, c1));  // not newer

  REQUIRE(s.downlink().apply_snapshot(m2, c2));
  CHECK(s.profiles().count() == 30);
  CHECK(s.profiles().find(key_of(7))->tier == "butterfly");
  CHECK_FALSE(s.profiles().find(key_of(40)));

  // Delta on top of version 2.
  auto up = profiles(1, "star");
  CHECK_FALSE(s.downlink().apply_delta(1, 3, up, {}));
  REQUIRE(s.downlink().apply_delta(2, 3, up, {key_of(5)}));
  CHECK(s.downlink().snapshot_version() == 3);
  CHECK(s.profiles().find(key_of(0))->tier == "star");
  CHECK_FALSE(s.profiles().find(key_of(5)));
}

TEST_CASE("SIGKILL in the middle of a snapshot apply leaves the old version intact") {
  TempDir dir;
  {
    store::KioskStore s(dir / "kiosk.db", options());
    auto [m1, c1] = snapshot(dir, 1, profiles(40, "star"), 40);
    REQUIRE(s.downlink().apply_snapshot(m1, c1));
  }
  auto [m2, c2] = snapshot(dir, 2, profiles(2000, "butterfly"), 100);
  int pipefd[2];
  REQUIRE(::pipe(pipefd) == 0);
  pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    ::close(pipefd[0]);
    store::StoreOptions o = options();
    o.on_chunk_staged = [&](std::size_t chunk) {
      if (chunk == 5) {
        char c = 'x';
        (void)!::write(pipefd[1], &c, 1);
        ::pause();  // the parent kills us here, half staged
      }
    };
    store::KioskStore s(dir / "kiosk.db", o);
    (void)s.downlink().apply_snapshot(m2, c2);
    ::_exit(0);
  }
  ::close(pipefd[1]);
  char c = 0;
  REQUIRE(::read(pipefd[0], &c, 1) == 1);
  ::kill(child, SIGKILL);
  int status = 0;
  ::waitpid(child, &status, 0);
  ::close(pipefd[0]);
  CHECK(WIFSIGNALED(status));

  store::KioskStore s(dir / "kiosk.db", options());
  CHECK(s.integrity_ok());
  CHECK(s.downlink().snapshot_version() == 1);
  CHECK(s.profiles().count() == 40);
  CHECK(s.profiles().find(key_of(3))->tier == "star");
  // And the next attempt completes.
  REQUIRE(s.downlink().apply_snapshot(m2, c2));
  CHECK(s.profiles().count() == 2000);
}

TEST_CASE("aliases follow a reissued card; erasure forgets and acknowledges") {
  TempDir dir;
  store::KioskStore s(dir / "kiosk.db", options());
  REQUIRE(s.profiles().load(profiles(3, "star")));
  const auto now = Clock::time_point(std::chrono::seconds(1'717'200'000));
  store::IssueRecord issue;
  issue.coupon.coupon_id = "c1";
  issue.coupon.code = "SC1.TEST";
  issue.coupon.offer_id = "star_thank_you";
  issue.coupon.reason_code = "tier.star";
  issue.coupon.expires_at = now + std::chrono::hours(24);
  issue.member_key = key_of(9);  // an old card
  issue.day = "2024-06-01";
  REQUIRE(s.journal().record_issue(issue, now));

  REQUIRE(s.downlink().apply_aliases({{key_of(9), key_of(1)}}));
  CHECK(s.profiles().find(key_of(9))->member_key == key_of(1));
  CHECK(s.journal().history(key_of(1), "2024-06-01", now).issued_today == 1);  // the journal followed
  CHECK_FALSE(s.downlink().apply_aliases({{"short", key_of(1)}}));

  REQUIRE(s.downlink().erase_members("req-1", {key_of(1)}));
  CHECK_FALSE(s.profiles().find(key_of(1)));
  CHECK_FALSE(s.profiles().find(key_of(9)));
  CHECK(s.journal().recent_coupons(key_of(1), 10, now).empty());
  CHECK(s.journal().recent_coupons("erased", 10, now).size() == 1);
  auto events = s.outbox().next_unsent(10);
  REQUIRE(events.size() == 2);
  CHECK(events[0].payload_json.find(key_of(1)) == std::string::npos);  // anonymized
  CHECK(events[1].type == "erasure_done");
  CHECK(events[1].payload_json.find("req-1") != std::string::npos);
  auto totals = s.outbox().day_totals(events[1].day);
  CHECK_FALSE(totals.empty());
}

TEST_CASE("campaigns, catalog, key rotation and revocations from HQ") {
  TempDir dir;
  store::KioskStore s(dir / "kiosk.db", options());
  CHECK_FALSE(s.downlink().apply_campaigns("{"));
  REQUIRE(s.downlink().apply_campaigns(
      R"([{"id":"c","offer_number":1000,"starts":"2024-01-01","ends":"2024-12-31"}])"));
  CHECK(s.journal().campaigns().size() == 1);
  REQUIRE(s.downlink().apply_catalog(
      R"([{"gtin":"4006381333931","product_code":"P1","name":"립밤","category":"화장품",
      "offline_price_krw":5000,"online_price_krw":5000,"app_link":"https://app/p1"}])"));
  CHECK(s.catalog().find("P1")->gtin == "4006381333931");
  CHECK(s.catalog().find("P1")->gtin14 == "04006381333931");
  const std::vector<unsigned char> store_key(32, 0x11);
  REQUIRE(s.keys().add(1, store_key, Clock::now()));
  CHECK_FALSE(s.downlink().rotate_coupon_key(R"({"key_id":2,"key_hex":")" + std::string(64, 'f') + "\"}"));
  sync::CouponKeyUpdate key2{2, false, std::vector<unsigned char>(32, 0xff), std::nullopt};
  REQUIRE(s.downlink().rotate_coupon_key(*sync::seal_coupon_key(store_key, "S001", key2)));
  CHECK(s.keys().coupon_keys().count(2) == 1);
  REQUIRE(s.downlink().revoke_coupons({"c0000000000000001"}));
  CHECK(s.journal().is_revoked("c0000000000000001"));
}

TEST_CASE("a role call that waits for a held store lock is counted in the lock-wait histogram") {
  TempDir dir;
  store::KioskStore s(dir / "kiosk.db", options());
  const auto before = s.counters();
  CHECK(before.lock_waits_at_most_us.at(100) == before.lock_waits);  // nobody has waited yet
  std::promise<void> held;
  std::thread holder([&] {
    s.with_session([&](store::KioskStore&) {
      held.set_value();
      std::this_thread::sleep_for(std::chrono::milliseconds(60));
    });
  });
  held.get_future().wait();
  const auto after = s.counters();  // waits for the holder's session
  holder.join();
  CHECK(after.lock_waits > before.lock_waits);
  CHECK(after.lock_waits_at_most_us.at(10'000) < after.lock_waits);  // one wait over 10 ms
  CHECK(after.lock_wait_sum_us >= before.lock_wait_sum_us + 10'000);
}
