// Retention: the kiosk store's scheduled pruning, a batch of rows per
// transaction (retention.h says what each table keeps and why).
#include "smartstore/edge/store/retention.h"

#include <algorithm>
#include <limits>
#include <set>

#include "journal_json.h"
#include "smartstore/common/sqlite/database.h"
#include "smartstore/common/utc_time.h"
#include "smartstore/edge/store/clock_floor.h"
#include "smartstore/edge/store/journal.h"
#include "smartstore/edge/store/kiosk_store.h"
#include "store_database.h"

namespace smartstore::edge::store {
namespace {
constexpr std::int64_t kDay = 86'400;
// The daily cap counts today's coupons and the welcome limit the last 26
// hours: a coupon younger than this stays whatever its expiry.
constexpr std::int64_t kIssuedKeep = 2 * kDay;
// Event time is the wall clock: slack for one stepped back between events.
constexpr std::int64_t kClockSlack = kDay;

// Coupons expired and issued long enough ago, not the member's newest, whose
// redemption (if any) HQ acknowledged. ?1/?2 the rowid range, ?3 expiry
// cutoff, ?4 issue cutoff (the older of kIssuedKeep and the oldest
// unacknowledged event, whose coupon_issued may be this coupon's).
constexpr const char* kCouponCandidates =
    "SELECT c.coupon_id, c.campaign_id FROM coupons c WHERE c.rowid > ?1 AND c.rowid <= ?2 "
    "AND c.expires_at < ?3 AND c.issued_at < ?4 "
    "AND EXISTS (SELECT 1 FROM coupons n WHERE n.member_key = c.member_key AND (n.issued_at > c.issued_at "
    "OR (n.issued_at = c.issued_at AND n.rowid > c.rowid))) "
    "AND NOT EXISTS (SELECT 1 FROM redemptions r JOIN outbox o ON o.event_id = r.event_id "
    "WHERE r.coupon_id = c.coupon_id AND o.acked_at IS NULL)";

// A redemption or revocation of a coupon not issued here.
constexpr const char* kOrphanRedemptions =
    "DELETE FROM redemptions WHERE rowid > ?1 AND rowid <= ?2 AND redeemed_at < ?3 "
    "AND NOT EXISTS (SELECT 1 FROM coupons c WHERE c.coupon_id = redemptions.coupon_id) "
    "AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.event_id = redemptions.event_id AND o.acked_at IS NULL)";
constexpr const char* kOrphanRevocations =
    "DELETE FROM revoked_coupons WHERE rowid > ?1 AND rowid <= ?2 AND revoked_at < ?3 "
    "AND NOT EXISTS (SELECT 1 FROM coupons c WHERE c.coupon_id = revoked_coupons.coupon_id)";
// A note whose event HQ acknowledged before ?3 (its outbox row gone: pruned
// after an acknowledgement) and which was created before ?4.
constexpr const char* kNotes =
    "DELETE FROM notes WHERE rowid > ?1 AND rowid <= ?2 AND created_at < ?4 "
    "AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.event_id = notes.event_id "
    "AND (o.acked_at IS NULL OR o.acked_at >= ?3))";
constexpr const char* kOutbox =
    "DELETE FROM outbox WHERE seq > ?1 AND seq <= ?2 AND acked_at IS NOT NULL AND acked_at < ?3";

std::int64_t days(unsigned n) {
  return std::int64_t{n} * kDay;
}
}  // namespace

struct Retention::Cutoffs {
  std::int64_t coupon_expired_before = 0;
  std::int64_t coupon_issued_before = 0;
  std::set<std::string> running_campaigns;  // their coupons count against the budget
};

std::uint64_t RetentionReport::total() const {
  std::uint64_t n = 0;
  for (const auto& [table, rows] : pruned) n += rows;
  return n;
}

Retention::Retention(StoreDatabase& db, Journal& journal, ClockFloor& floor, const StoreOptions& options)
    : db_(db), journal_(journal), floor_(floor), options_(options) {}

Retention::Cutoffs Retention::cutoffs(Clock::time_point now) {
  auto guard = db_.lock();
  const std::int64_t t = unix_seconds(now);
  Cutoffs cut;
  cut.coupon_expired_before = t - days(options_.retention.coupon_margin_days);
  cut.coupon_issued_before = t - kIssuedKeep;
  sqlite::StatementScope s(
      db_.db().prepared("SELECT created_at FROM outbox WHERE acked_at IS NULL ORDER BY seq LIMIT 1"));
  if (s->step()) {
    const auto oldest = parse_utc_iso8601(s->column_text(0));
    // Unreadable: keep every coupon rather than guess.
    const std::int64_t floor = oldest ? *oldest - kClockSlack : std::numeric_limits<std::int64_t>::min();
    cut.coupon_issued_before = std::min(cut.coupon_issued_before, floor);
  }
  const std::string today = local_date(now);
  for (const auto& c : journal_.campaigns())
    if (c.ends.empty() || c.ends >= today) cut.running_campaigns.insert(c.id);
  return cut;
}

void Retention::prune_coupons(std::int64_t after, std::int64_t upto, const Cutoffs& cut, Counts& pruned) {
  std::vector<std::string> ids;
  {
    sqlite::StatementScope s(db_.db().prepared(kCouponCandidates));
    s->bind(1, after).bind(2, upto).bind(3, cut.coupon_expired_before).bind(4, cut.coupon_issued_before);
    while (s->step())
      if (!cut.running_campaigns.contains(s->column_text(1))) ids.push_back(s->column_text(0));
  }
  for (const auto& id : ids) {
    // Single use needs the redemption only while the code could pass its
    // signed expiry check; past it (plus the margin) the code is refused first.
    for (const char* table : {"redemptions", "revoked_coupons", "coupons"}) {
      sqlite::StatementScope d(
          db_.db().prepared(std::string("DELETE FROM ") + table + " WHERE coupon_id = ?1"));
      d->bind(1, id);
      d->run();
      pruned[table] += static_cast<std::uint64_t>(db_.db().changes());
    }
  }
}

std::uint64_t Retention::delete_rows(const char* sql, std::int64_t after, std::int64_t upto,
                                     std::int64_t cutoff, const std::string& cutoff_text) {
  sqlite::StatementScope s(db_.db().prepared(sql));
  s->bind(1, after).bind(2, upto).bind(3, cutoff);
  if (!cutoff_text.empty()) s->bind(4, cutoff_text);
  s->run();
  return static_cast<std::uint64_t>(db_.db().changes());
}

Status Retention::sweep(const std::string& table, const Chunk& chunk,
                        const std::function<bool()>& stop_requested, RetentionReport& report) {
  const std::string next_batch =
      "SELECT max(rowid) FROM (SELECT rowid FROM " + table + " WHERE rowid > ?1 ORDER BY rowid LIMIT ?2)";
  std::int64_t after = std::numeric_limits<std::int64_t>::min();
  while (!(stop_requested && stop_requested())) {
    std::int64_t upto = 0;
    {
      auto guard = db_.lock();
      const auto started = std::chrono::steady_clock::now();
      {
        sqlite::StatementScope s(db_.db().prepared(next_batch));
        s->bind(1, after).bind(
            2, static_cast<std::int64_t>(std::max<std::size_t>(1, options_.retention.batch_rows)));
        if (!s->step() || s->column_is_null(0)) return ok();
        upto = s->column_int(0);
      }
      Counts deleted;
      Status written = db_.write("retention: " + table + " not pruned", [&](sqlite::Transaction&) {
        deleted.clear();
        chunk(after, upto, deleted);
      });
      if (!written) return written;
      for (const auto& [name, rows] : deleted) report.pruned[name] += rows;
      ++report.transactions;
      const double held =
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
      report.transaction_ms.push_back(held);
      if (held > report.longest_transaction_ms) {
        report.longest_transaction_ms = held;
        report.longest_table = table;
      }
    }
    after = upto;
    if (options_.retention.pause.count() > 0) std::this_thread::sleep_for(options_.retention.pause);
  }
  return ok();
}

Result<RetentionReport> Retention::run(Clock::time_point now, const std::function<bool()>& stop_requested) {
  const auto started = std::chrono::steady_clock::now();
  RetentionReport report;
  Status status = ok();
  {
    // On disk at most ClockFloor::kPersistStep behind `now`, before anything
    // goes: a clock set back far enough to revive a pruned redemption's
    // coupon (days) is then refused as clock_behind.
    auto guard = db_.lock();
    status = floor_.observe(now);
  }
  const Cutoffs cut = cutoffs(now);
  const std::int64_t t = unix_seconds(now);
  const std::int64_t unknown = t - days(options_.retention.unknown_expiry_days);
  const std::int64_t notes = t - days(options_.retention.note_days);
  const std::string notes_text = format_utc_iso8601(Clock::time_point(std::chrono::seconds(notes)));
  const std::int64_t outbox = t - days(options_.retention_days);
  const std::pair<const char*, Chunk> passes[] = {
      {"coupons", [&](auto a, auto b, Counts& n) { prune_coupons(a, b, cut, n); }},
      {"redemptions", [&](auto a, auto b,
                          Counts& n) { n["redemptions"] += delete_rows(kOrphanRedemptions, a, b, unknown); }},
      {"revoked_coupons",
       [&](auto a, auto b, Counts& n) {
         n["revoked_coupons"] += delete_rows(kOrphanRevocations, a, b, unknown);
       }},
      {"notes",
       [&](auto a, auto b, Counts& n) { n["notes"] += delete_rows(kNotes, a, b, notes, notes_text); }},
      {"outbox", [&](auto a, auto b, Counts& n) { n["outbox"] += delete_rows(kOutbox, a, b, outbox); }},
  };
  for (const auto& [table, chunk] : passes) {
    if (!status) break;
    status = sweep(table, chunk, stop_requested, report);
  }
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::lock_guard totals(totals_mutex_);
  ++runs_;
  for (const auto& [table, rows] : report.pruned) totals_[table] += rows;
  if (!status) {
    ++failed_runs_;
    return status.error();
  }
  return report;
}

std::map<std::string, std::uint64_t> Retention::pruned_totals() {
  std::lock_guard totals(totals_mutex_);
  return totals_;
}

std::uint64_t Retention::runs() {
  std::lock_guard totals(totals_mutex_);
  return runs_;
}

std::uint64_t Retention::failed_runs() {
  std::lock_guard totals(totals_mutex_);
  return failed_runs_;
}

RetentionSchedule::RetentionSchedule(KioskStore& store, std::chrono::milliseconds interval,
                                     std::chrono::milliseconds first_delay, Listener on_run)
    : store_(store), on_run_(std::move(on_run)) {
  thread_ = std::thread([this, interval, first_delay] { loop(interval, first_delay); });
}

RetentionSchedule::~RetentionSchedule() {
  {
    std::lock_guard guard(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void RetentionSchedule::loop(std::chrono::milliseconds interval, std::chrono::milliseconds first_delay) {
  auto wait = first_delay;
  for (;;) {
    {
      std::unique_lock guard(mutex_);
      if (wake_.wait_for(guard, wait, [this] { return stopping_; })) return;
    }
    auto stop = [this] {
      std::lock_guard guard(mutex_);
      return stopping_;
    };
    auto outcome = store_.retention().run(std::chrono::system_clock::now(), stop);
    if (on_run_) on_run_(outcome);
    wait = interval;
  }
}

}  // namespace smartstore::edge::store
