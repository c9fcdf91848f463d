// Outbox: sync::OutboxPort over the outbox table, and retention pruning.

#include <algorithm>
#include <cstdio>

#include "journal_json.h"
#include "smartstore/common/sqlite/database.h"
#include "smartstore/edge/store/kiosk_store.h"
#include "smartstore/sync/day_close.h"
#include "store_database.h"

namespace smartstore::edge::store {

Outbox::Outbox(StoreDatabase& db, const StoreOptions& options)
    : db_(db),
      options_(options),
      unacked_(static_cast<std::uint64_t>(
          db.db().scalar_int("SELECT count(*) FROM outbox WHERE acked_at IS NULL"))) {}

bool Outbox::full() const {
  return unacked_ >= options_.outbox_max_rows;
}

Error Outbox::refusal(std::string_view what) {
  ++refused_;
  return Error(ErrorKind::outbox_full,
               "outbox full (" + std::to_string(unacked_) + " events not acknowledged by HQ, limit " +
                   std::to_string(options_.outbox_max_rows) + "): " + std::string(what),
               "storage");
}

std::uint64_t Outbox::enqueue(const std::string& event_id, const std::string& type, const std::string& day,
                              const std::string& created_at, const std::string& payload) {
  sqlite::StatementScope s(db_.db().prepared(
      "INSERT INTO outbox (event_id, type, day, created_at, payload) VALUES (?1, ?2, ?3, ?4, ?5)"));
  s->bind(1, event_id).bind(2, type).bind(3, day).bind(4, created_at).bind(5, payload);
  if (s->run()) throw sqlite::StorageError("duplicate outbox event id " + event_id, ErrorKind::conflict);
  return 1;
}

std::vector<sync::OutboxEvent> Outbox::next_unsent(std::size_t max) {
  auto guard = db_.lock();
  std::vector<sync::OutboxEvent> out;
  sqlite::StatementScope s(db_.db().prepared(
      "SELECT seq, event_id, type, day, created_at, payload FROM outbox WHERE sent = 0 ORDER "
      "BY seq LIMIT ?1"));
  s->bind(1, static_cast<std::int64_t>(max));
  while (s->step()) {
    out.push_back({s->column_int(0), s->column_text(1), s->column_text(2), s->column_text(3),
                   s->column_text(4), s->column_text(5)});
  }
  return out;
}

Status Outbox::mark_sent(const std::vector<std::string>& event_ids) {
  auto guard = db_.lock();
  return db_.write("outbox mark_sent not stored", [&](sqlite::Transaction&) {
    for (const auto& id : event_ids) {
      sqlite::StatementScope s(db_.db().prepared("UPDATE outbox SET sent = 1 WHERE event_id = ?1"));
      s->bind(1, id);
      s->run();
    }
  });
}

Status Outbox::mark_acknowledged(const std::vector<std::string>& event_ids) {
  auto guard = db_.lock();
  const std::int64_t now = unix_seconds(Clock::now());
  std::uint64_t acked = 0;
  Status written = db_.write("outbox mark_acknowledged not stored", [&](sqlite::Transaction&) {
    for (const auto& id : event_ids) {
      sqlite::StatementScope s(db_.db().prepared(
          "UPDATE outbox SET sent = 1, acked_at = ?2 WHERE event_id = ?1 AND acked_at IS NULL"));
      s->bind(1, id).bind(2, now);
      s->run();
      acked += static_cast<std::uint64_t>(db_.db().changes());
    }
  });
  if (written) unacked_ -= std::min(acked, unacked_);
  return written;
}

Status Outbox::mark_for_resend(const std::vector<std::string>& event_ids) {
  auto guard = db_.lock();
  return db_.write("outbox mark_for_resend not stored", [&](sqlite::Transaction&) {
    for (const auto& id : event_ids) {
      sqlite::StatementScope s(db_.db().prepared("UPDATE outbox SET sent = 0 WHERE event_id = ?1"));
      s->bind(1, id);
      s->run();
    }
  });
}

std::vector<std::string> Outbox::event_ids_of_day(const std::string& day, const std::string& type) {
  auto guard = db_.lock();
  std::vector<std::string> ids;
  sqlite::StatementScope s(
      db_.db().prepared("SELECT event_id FROM outbox WHERE day = ?1 AND type = ?2 ORDER BY event_id"));
  s->bind(1, day).bind(2, type);
  while (s->step()) ids.push_back(s->column_text(0));
  return ids;
}

std::vector<sync::DayTotals> Outbox::day_totals(const std::string& day) {
  auto guard = db_.lock();
  std::vector<std::string> types;
  {
    sqlite::StatementScope s(
        db_.db().prepared("SELECT DISTINCT type FROM outbox WHERE day = ?1 ORDER BY type"));
    s->bind(1, day);
    while (s->step()) types.push_back(s->column_text(0));
  }
  std::vector<sync::DayTotals> out;
  for (const auto& type : types) {
    auto ids = event_ids_of_day(day, type);  // ORDER BY event_id: byte order, as the digest wants
    out.push_back({day, type, ids.size(), sync::day_ids_digest(ids)});
  }
  return out;
}

std::uint64_t Outbox::depth() {
  auto guard = db_.lock();
  return unacked_;
}

std::optional<std::string> Outbox::oldest_unacknowledged_created_at() {
  auto guard = db_.lock();
  sqlite::StatementScope s(
      db_.db().prepared("SELECT created_at FROM outbox WHERE acked_at IS NULL ORDER BY seq LIMIT 1"));
  if (!s->step()) return std::nullopt;
  return s->column_text(0);
}

std::uint64_t Outbox::prune(Clock::time_point now) {
  auto guard = db_.lock();
  const std::int64_t cutoff = unix_seconds(now) - std::int64_t{options_.retention_days} * 86400;
  sqlite::StatementScope s(
      db_.db().prepared("DELETE FROM outbox WHERE acked_at IS NOT NULL AND acked_at < ?1"));
  s->bind(1, cutoff);
  s->run();
  return static_cast<std::uint64_t>(db_.db().changes());
}

}  // namespace smartstore::edge::store
