// The coupon journal: issues and redemptions, each with its outbox row in the
// same transaction, and the reads the policy and the staff page make.
#include <nlohmann/json.hpp>

#include "journal_json.h"
#include "smartstore/common/sqlite/database.h"
#include "smartstore/common/utc_time.h"
#include "smartstore/edge/store/clock_floor.h"
#include "smartstore/edge/store/event_id.h"
#include "smartstore/edge/store/journal.h"
#include "smartstore/edge/store/kiosk_store.h"
#include "smartstore/edge/store/outbox.h"
#include "store_database.h"

namespace smartstore::edge::store {
namespace {
constexpr const char* kCouponColumns =
    "SELECT c.body, c.member_key, c.expires_at, r.redeemed_at, (v.coupon_id IS NOT NULL) "
    "FROM coupons c LEFT JOIN redemptions r ON r.coupon_id = c.coupon_id "
    "LEFT JOIN revoked_coupons v ON v.coupon_id = c.coupon_id ";

CouponRecord coupon_record(sqlite::Statement& s, Clock::time_point now) {
  CouponRecord rec;
  rec.coupon = coupon_from_json(nlohmann::json::parse(s.column_text(0)));
  rec.member_key = s.column_text(1);
  if (!s.column_is_null(3)) {
    rec.status = "redeemed";
    rec.redeemed_at = format_utc_iso8601(Clock::time_point(std::chrono::seconds(s.column_int(3))));
  } else if (s.column_int(4) != 0) {
    rec.status = "revoked";
  } else if (s.column_int(2) <= unix_seconds(now)) {
    rec.status = "expired";
  } else {
    rec.status = "issued";
  }
  return rec;
}
}  // namespace

Journal::Journal(StoreDatabase& db, Outbox& outbox, ClockFloor& floor, const StoreOptions& options,
                 std::function<void()> on_issued)
    : db_(db), outbox_(outbox), floor_(floor), options_(options), on_issued_(std::move(on_issued)) {
  auto parsed = policy::parse_campaigns(db.meta("campaigns"));
  if (parsed) campaigns_ = std::move(*parsed);
}

policy::CustomerHistory Journal::history(const std::string& member_key, const std::string& day,
                                         Clock::time_point now) {
  auto guard = db_.lock();
  policy::CustomerHistory h;
  // Read from coupons_history alone; a coupon's redemption or revocation is
  // looked up only while it is still valid (the only case the policy asks).
  sqlite::StatementScope s(db_.db().prepared(
      "SELECT offer_id, day, CASE WHEN expires_at > ?2 THEN NOT EXISTS (SELECT 1 FROM redemptions r "
      "WHERE r.coupon_id = c.coupon_id) AND NOT EXISTS (SELECT 1 FROM revoked_coupons v WHERE "
      "v.coupon_id = c.coupon_id) ELSE 0 END FROM coupons c INDEXED BY coupons_history WHERE member_key = "
      "?1"));
  const std::int64_t t = unix_seconds(now);
  s->bind(1, member_key).bind(2, t);
  while (s->step()) {
    h.ever_issued = true;
    if (s->column_text(1) == day) ++h.issued_today;
    if (s->column_int(2) != 0) h.valid_offers.push_back(s->column_text(0));
  }
  return h;
}

policy::WelcomeCount Journal::welcome_issued(const std::string& day, Clock::time_point now) {
  auto guard = db_.lock();
  policy::WelcomeCount n;
  const std::int64_t t = unix_seconds(now);
  // A business day is at most 25 hours (DST): the index range bounds the rows read.
  sqlite::StatementScope s(
      db_.db().prepared("SELECT coalesce(sum(issued_at > ?1), 0), coalesce(sum(day = ?2), 0) FROM coupons "
                        "WHERE offer_id IN (?3, ?4, ?5) AND issued_at > ?6"));
  s->bind(1, t - 3600).bind(2, day);
  const auto& ids = policy::welcome_offer_ids();
  for (int i = 0; i < 3; ++i) s->bind(3 + i, ids.at(static_cast<std::size_t>(i)));
  s->bind(6, t - 26 * 3600);
  if (s->step()) {
    n.last_hour = static_cast<unsigned>(s->column_int(0));
    n.today = static_cast<unsigned>(s->column_int(1));
  }
  return n;
}

std::map<std::string, std::int64_t> Journal::campaign_usage() {
  auto guard = db_.lock();
  std::map<std::string, std::int64_t> used;
  sqlite::StatementScope s(db_.db().prepared(
      "SELECT campaign_id, count(*) FROM coupons WHERE campaign_id != '' GROUP BY campaign_id"));
  while (s->step()) used[s->column_text(0)] = s->column_int(1);
  return used;
}

Status Journal::record_issue(const IssueRecord& issue, Clock::time_point now) {
  auto guard = db_.lock();
  if (outbox_.full()) return outbox_.refusal("coupon not issued");
  const IssuedCoupon& c = issue.coupon;
  // Built before the transaction: the write lock is held only for the inserts.
  const std::string issued_at = format_utc_iso8601(now);
  const std::string body = coupon_body_text(c);
  const std::string payload = coupon_issued_payload(
      c, IssueContext{issue.member_key, options_.store_id, issue.offer_number, issue.campaign_id, issued_at});
  const std::string event_id = uuid_v7(now);
  std::uint64_t enqueued = 0;
  std::optional<std::int64_t> floor_written;
  Status written = db_.write("coupon not issued", [&](sqlite::Transaction&) -> Status {
    sqlite::StatementScope s(db_.db().prepared(
        "INSERT INTO coupons (coupon_id, code, member_key, offer_id, reason_code, body, day, "
        "issued_at, expires_at, campaign_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"));
    s->bind(1, c.coupon_id)
        .bind(2, c.code)
        .bind(3, issue.member_key)
        .bind(4, c.offer_id)
        .bind(5, c.reason_code);
    s->bind(6, body).bind(7, issue.day).bind(8, unix_seconds(now)).bind(9, unix_seconds(c.expires_at));
    s->bind(10, issue.campaign_id);
    if (s->run()) return fail(ErrorKind::conflict, "coupon id collision " + c.coupon_id, "storage");
    enqueued = outbox_.enqueue(event_id, "coupon_issued", issue.day, issued_at, payload);
    // The scan's clock-floor write rides in this commit instead of one of its own.
    floor_written = floor_.observe_in_transaction(now);
    return ok();
  });
  if (!written) return written;
  if (floor_written) floor_.committed(*floor_written);
  outbox_.committed(enqueued);
  if (on_issued_) on_issued_();  // power-safe one device flush from now
  ++issued_;
  ++issued_by_reason_[c.reason_code];
  return ok();
}

Status Journal::record_held_out(const HeldOutRecord& held, Clock::time_point now) {
  auto guard = db_.lock();
  if (outbox_.full()) return outbox_.refusal("hold-out not journalled");
  const std::string exposed_at = format_utc_iso8601(now);
  const std::string payload =
      nlohmann::json{{"campaign_id", held.campaign_id},   {"exposed_at", exposed_at},
                     {"member_key", held.member_key},     {"offer_id", held.offer_id},
                     {"offer_number", held.offer_number}, {"reason_code", held.reason_code},
                     {"store_id", options_.store_id}}
          .dump();
  const std::string event_id = uuid_v7(now);
  std::uint64_t enqueued = 0;
  Status written = db_.write("hold-out not journalled", [&](sqlite::Transaction&) -> Status {
    enqueued = outbox_.enqueue(event_id, "held_out", held.day, exposed_at, payload);
    return ok();
  });
  if (!written) return written;
  outbox_.committed(enqueued);
  return ok();
}

Result<RedeemWrite> Journal::record_redemption(const std::string& coupon_id, const std::string& kind,
                                               const std::string& device_id, const std::string& member_key,
                                               Clock::time_point now) {
  auto guard = db_.lock();
  const std::string event_id = uuid_v7(now);
  const std::string redeemed_at = format_utc_iso8601(now);
  bool already_redeemed = false;
  std::uint64_t enqueued = 0;
  std::optional<std::int64_t> floor_written;
  // Synced: a lost redemption row would allow a second use. Refused by the
  // disk, it rolls back: the coupon stays redeemable once the storage recovers.
  Status written = db_.write(
      "redemption not recorded, try again later",
      [&](sqlite::Transaction&) -> Status {
        sqlite::StatementScope s(db_.db().prepared(
            "INSERT INTO redemptions (coupon_id, kind, device_id, redeemed_at, event_id) VALUES "
            "(?1, ?2, ?3, ?4, ?5)"));
        s->bind(1, coupon_id).bind(2, kind).bind(3, device_id).bind(4, unix_seconds(now)).bind(5, event_id);
        if (s->run()) {  // UNIQUE: single use; rolled back
          already_redeemed = true;
          return fail(ErrorKind::conflict, "coupon " + coupon_id + " already redeemed", "storage");
        }
        nlohmann::json payload = {{"coupon_id", coupon_id},        {"kind", kind},
                                  {"device_id", device_id},        {"member_key", member_key},
                                  {"store_id", options_.store_id}, {"redeemed_at", redeemed_at}};
        // Never refused for a full outbox: the customer is at the till.
        enqueued = outbox_.enqueue(event_id, "coupon_redeemed", local_date(now), redeemed_at, payload.dump());
        floor_written = floor_.observe_in_transaction(now);
        return ok();
      },
      sqlite::Durability::synced);
  if (already_redeemed) return RedeemWrite::already_redeemed;
  if (!written) return written.error();
  if (floor_written) floor_.committed(*floor_written);
  outbox_.committed(enqueued);
  ++redeemed_;
  return RedeemWrite::recorded;
}

std::optional<CouponRecord> Journal::find_coupon(const std::string& coupon_id, Clock::time_point now) {
  auto guard = db_.lock();
  sqlite::StatementScope s(db_.db().prepared(std::string(kCouponColumns) + "WHERE c.coupon_id = ?1"));
  s->bind(1, coupon_id);
  if (!s->step()) return std::nullopt;
  return coupon_record(*s, now);
}

std::vector<CouponRecord> Journal::recent_coupons(const std::string& member_key, std::size_t n,
                                                  Clock::time_point now) {
  auto guard = db_.lock();
  std::vector<CouponRecord> out;
  sqlite::StatementScope s(
      db_.db().prepared(std::string(kCouponColumns) +
                        "WHERE c.member_key = ?1 ORDER BY c.issued_at DESC, c.rowid DESC LIMIT ?2"));
  s->bind(1, member_key).bind(2, static_cast<std::int64_t>(n));
  while (s->step()) out.push_back(coupon_record(*s, now));
  return out;
}

bool Journal::is_revoked(const std::string& coupon_id) {
  auto guard = db_.lock();
  sqlite::StatementScope s(db_.db().prepared("SELECT 1 FROM revoked_coupons WHERE coupon_id = ?1"));
  s->bind(1, coupon_id);
  return s->step();
}

}  // namespace smartstore::edge::store
