// The coupon body (coupons.body) and the coupon_issued outbox payload are
// written by hand on the scan path. They must be the bytes nlohmann dumps of
// the journal's field list (store::coupon_fields) — HQ and the staff page
// read them — so this builds those objects here and compares with what the
// store committed.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <limits>
#include <nlohmann/json.hpp>
#include <random>

#include "smartstore/common/utc_time.h"
#include "smartstore/edge/coupon/random_bytes.h"
#include "smartstore/edge/store/event_id.h"
#include "smartstore/edge/store/journal_fields.h"
#include "smartstore/edge/store/kiosk_store.h"
#include "support/test_paths.h"

using namespace smartstore;
using namespace smartstore::edge;
using nlohmann::json;
using smartstore::testing::TempDir;

namespace {

std::int64_t seconds(Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

// The object the hand-written body must equal: the journal's one field list, dumped by nlohmann.
json reference_body(const IssuedCoupon& c) {
  return store::coupon_fields(c, seconds(c.expires_at));
}
json reference_payload(const store::IssueRecord& r, const std::string& store_id, Clock::time_point now) {
  json payload = reference_body(r.coupon);
  payload.erase("code");
  payload["member_key"] = r.member_key;
  payload["store_id"] = store_id;
  payload["offer_number"] = r.offer_number;
  payload["campaign_id"] = r.campaign_id;
  payload["issued_at"] = format_utc_iso8601(now);
  return payload;
}

struct Row {
  std::string body, payload, event_id;
};
Row committed(const std::filesystem::path& db_file, const std::string& coupon_id) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(db_file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  Row row;
  sqlite3_stmt* s = nullptr;
  REQUIRE(sqlite3_prepare_v2(db,
                             "SELECT c.body, o.payload, o.event_id FROM coupons c JOIN outbox o "
                             "ON json_extract(o.payload, '$.coupon_id') = c.coupon_id WHERE c.coupon_id = ?1",
                             -1, &s, nullptr) == SQLITE_OK);
  sqlite3_bind_text(s, 1, coupon_id.c_str(), -1, SQLITE_TRANSIENT);
  REQUIRE(sqlite3_step(s) == SQLITE_ROW);
  auto text = [&](int col) {
    return std::string(reinterpret_cast<const char*>(sqlite3_column_text(s, col)));
  };
  row = {text(0), text(1), text(2)};
  sqlite3_finalize(s);
  sqlite3_close(db);
  return row;
}

}  // namespace

TEST_CASE(
    "record_issue: body and outbox payload are the bytes nlohmann dumped, for awkward text and numbers") {
  TempDir dir;
  const auto file = dir / "kiosk.db";
  store::KioskStore store(file, {"S001 \"강남\"", 1000, 30, false});
  std::mt19937_64 rng(11);
  const std::vector<std::string> texts = {
      "",          "star_thank_you",  "프리미엄 감사 쿠폰 / Thank-you", "a\"b\\c",
      "tab\there", "ctl\x01\x1f end", "emoji \xF0\x9F\x98\x80",         "/slash/",
      "del\x7f"};
  const double rates[] = {0.0, 0.8, 1.5, 2.0, 0.1 + 0.2, 1e-5, 123456.75, 1e20, -0.5};
  const auto now = Clock::now();
  for (int i = 0; i < 120; ++i) {
    CAPTURE(i);
    store::IssueRecord r;
    IssuedCoupon& c = r.coupon;
    c.coupon_id = "c" + std::to_string(1000000 + i);
    c.code = "SC1.CODE" + std::to_string(i);
    c.offer_id = texts[rng() % texts.size()];
    c.title = texts[rng() % texts.size()];
    c.reason_code = texts[rng() % texts.size()];
    c.reason = texts[rng() % texts.size()] + texts[rng() % texts.size()];
    c.point_rate_pct = rates[rng() % std::size(rates)];
    c.threshold_krw =
        i % 7 == 0 ? std::numeric_limits<std::int64_t>::max() : static_cast<std::int64_t>(rng() % 90000);
    c.discount_krw = i % 5 == 0 ? -1 : static_cast<std::int64_t>(rng() % 5000);
    c.discount_pct = i % 9 == 0 ? std::numeric_limits<unsigned>::max() : static_cast<unsigned>(rng() % 60);
    c.category = texts[rng() % texts.size()];
    c.expires_at = now + std::chrono::hours(1 + i);
    r.member_key = std::string(64, "0123456789abcdef"[i % 16]);
    r.campaign_id = i % 3 == 0 ? "" : "camp-" + std::to_string(i);
    r.offer_number = static_cast<std::uint16_t>(i % 4 == 0 ? 65535 : i);
    r.day = local_date(now);
    REQUIRE(store.journal().record_issue(r, now));
    const Row row = committed(file, c.coupon_id);
    CHECK(row.body == reference_body(c).dump());
    CHECK(row.payload == reference_payload(r, store.options().store_id, now).dump());
    // The code is a bearer token: never in what goes to HQ.
    CHECK(row.payload.find(c.code) == std::string::npos);
    CHECK(row.event_id.size() == 36);
    CHECK(row.event_id[14] == '7');
  }
}

TEST_CASE("event ids: UUIDv7 text, increasing, unique across many in the same millisecond") {
  const auto now = Clock::now();
  std::string previous = store::uuid_v7(now);
  for (int i = 0; i < 5000; ++i) {
    const std::string id = store::uuid_v7(now);
    REQUIRE(id.size() == 36);
    CHECK(id[8] == '-');
    CHECK(id[13] == '-');
    CHECK(id[18] == '-');
    CHECK(id[23] == '-');
    CHECK(id[14] == '7');
    CHECK(std::string("89ab").find(id[19]) != std::string::npos);  // RFC 9562 variant
    CHECK(id.find_first_not_of("0123456789abcdef-") == std::string::npos);
    REQUIRE(id > previous);
    previous = id;
  }
}

TEST_CASE("random_bytes: blocks drawn from the CSPRNG are never handed out twice") {
  // 64 draws of 100 bytes cross the 4 KiB block boundary at least once.
  std::vector<std::string> draws;
  for (int i = 0; i < 64; ++i) {
    std::string b(100, '\0');
    coupon::random_bytes(reinterpret_cast<unsigned char*>(b.data()), b.size());
    draws.push_back(b);
  }
  for (std::size_t i = 0; i < draws.size(); ++i) {
    CHECK(draws[i] != std::string(100, '\0'));
    for (std::size_t j = i + 1; j < draws.size(); ++j) CHECK(draws[i] != draws[j]);
  }
  // A forked child draws afresh: its bytes differ from the parent's next ones.
  int pipe_fd[2];
  REQUIRE(::pipe(pipe_fd) == 0);
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    unsigned char b[32];
    coupon::random_bytes(b, sizeof b);
    (void)!::write(pipe_fd[1], b, sizeof b);
    ::_exit(0);
  }
  unsigned char parent[32];
  coupon::random_bytes(parent, sizeof parent);
  unsigned char child[32] = {};
  REQUIRE(::read(pipe_fd[0], child, sizeof child) == static_cast<ssize_t>(sizeof child));
  int status = 0;
  ::waitpid(pid, &status, 0);
  ::close(pipe_fd[0]);
  ::close(pipe_fd[1]);
  CHECK(std::memcmp(parent, child, sizeof parent) != 0);
}
