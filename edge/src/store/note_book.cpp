// Staff notes: journal row + outbox row + local preference update, one transaction.
#include <nlohmann/json.hpp>

#include <set>

#include "journal_json.h"
#include "smartstore/common/sqlite/database.h"
#include "smartstore/common/utc_time.h"
#include "smartstore/edge/store/catalog.h"
#include "smartstore/edge/store/event_id.h"
#include "smartstore/edge/store/kiosk_store.h"
#include "smartstore/edge/store/note_book.h"
#include "smartstore/edge/store/outbox.h"
#include "smartstore/edge/store/profile_cache.h"
#include "store_database.h"

namespace smartstore::edge::store {
namespace {
StoredNote stored_note(sqlite::Statement& s) {
  StoredNote n;
  n.event_id = s.column_text(0);
  n.member_key = s.column_text(1);
  n.staff_id = s.column_text(2);
  n.created_at = s.column_text(3);
  n.note = note_from_json(nlohmann::json::parse(s.column_text(4)));
  return n;
}
}  // namespace

Result<RecordedNote> NoteBook::record_note(const std::string& member_key, const StaffNote& note,
                                           const std::string& staff_id, const std::string& idempotency_key,
                                           Clock::time_point now) {
  auto guard = db_.lock();
  const nlohmann::json note_json = note_to_json(note);
  const std::string body = note_json.dump();
  {
    sqlite::StatementScope s(db_.db().prepared(
        "SELECT event_id, member_key, staff_id, created_at, body FROM notes WHERE idempotency_key = ?1"));
    s->bind(1, idempotency_key);
    if (s->step()) {
      // A replay is the same staff member retrying the same note. Anything
      // else under a used key is refused without showing the stored note: the
      // key is not a credential to read another's note with.
      StoredNote earlier = stored_note(*s);
      if (earlier.member_key != member_key || earlier.staff_id != staff_id || s->column_text(4) != body)
        return fail(ErrorKind::conflict, "Idempotency-Key already used for a different note; nothing stored",
                    "notes");
      return RecordedNote{std::move(earlier), true};
    }
  }
  if (outbox_.full()) return outbox_.refusal("note not stored");
  StoredNote stored{uuid_v7(now), member_key, staff_id, format_utc_iso8601(now), note};
  std::uint64_t enqueued = 0;
  Status written = db_.write(
      "note not stored",
      [&](sqlite::Transaction&) -> Status {
        sqlite::StatementScope s(db_.db().prepared(
            "INSERT INTO notes (event_id, idempotency_key, member_key, staff_id, created_at, body) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6)"));
        s->bind(1, stored.event_id).bind(2, idempotency_key).bind(3, member_key).bind(4, staff_id);
        s->bind(5, stored.created_at).bind(6, body);
        if (s->run()) return fail(ErrorKind::internal, "note event id collision", "storage");
        nlohmann::json payload = {
            {"event_id", stored.event_id},   {"member_key", member_key},        {"staff_id", staff_id},
            {"store_id", options_.store_id}, {"created_at", stored.created_at}, {"note", note_json}};
        enqueued = outbox_.enqueue(stored.event_id, "staff_note", local_date(now), stored.created_at,
                                   payload.dump());
        learn_from_note(member_key, note);
        return ok();
      },
      sqlite::Durability::synced);  // staff work is not redone
  if (!written) return written.error();
  outbox_.committed(enqueued);
  ++stored_;
  return RecordedNote{std::move(stored), false};
}

// Report 000's preference index recomputed from the member's counts plus the
// sold items, so the next scan reflects the purchase before HQ's next snapshot.
// Members not in the cache are left to HQ: a profile needs HQ's tier and model.
void NoteBook::learn_from_note(const std::string& member_key, const StaffNote& note) {
  std::map<std::string, std::int64_t> added;
  for (const auto& item : note.items) {
    if (!item.sold) continue;
    std::string category = item.category;
    if (category.empty() && !item.product_code.empty()) {
      if (auto product = catalog_.find(item.product_code)) category = product->category;
    }
    if (!category.empty()) added[category] += item.quantity;
  }
  if (added.empty()) return;
  auto profile = profiles_.find(member_key);
  if (!profile) return;
  std::map<std::string, std::int64_t> counts;
  for (const auto& p : profile->preferences) counts[p.category] = p.count;
  for (const auto& [category, quantity] : added) counts[category] += quantity;
  models::PreferenceModel model = profiles_.preference_model().value_or(models::PreferenceModel{});
  std::set<std::string> known(model.categories.begin(), model.categories.end());
  for (const auto& [category, count] : counts) {
    if (known.insert(category).second) model.categories.push_back(category);
  }
  profile->preferences = models::preference_indices(model, counts, profile->age_band, profile->gender);
  profiles_.put(profiles_.active_table(), *profile);
}

std::vector<StoredNote> NoteBook::recent_notes(const std::string& member_key, std::size_t n) {
  auto guard = db_.lock();
  std::vector<StoredNote> out;
  sqlite::StatementScope s(db_.db().prepared(
      "SELECT event_id, member_key, staff_id, created_at, body FROM notes WHERE member_key = ?1 "
      "ORDER BY created_at DESC, rowid DESC LIMIT ?2"));
  s->bind(1, member_key).bind(2, static_cast<std::int64_t>(n));
  while (s->step()) out.push_back(stored_note(*s));
  return out;
}

}  // namespace smartstore::edge::store
