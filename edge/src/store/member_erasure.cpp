// Forgetting a member: asked by HQ (the erasures downlink) or by staff at this
// store (forget_member, which HQ learns of from its member_erase_requested
// event and lists chain-wide). Either way the same rows go, in one synced
// transaction: an erasure is a legal duty, never refused for a full outbox.
#include <nlohmann/json.hpp>

#include "smartstore/common/sqlite/database.h"
#include "smartstore/common/utc_time.h"
#include "smartstore/edge/store/event_id.h"
#include "smartstore/edge/store/kiosk_store.h"
#include "store_database.h"

namespace smartstore::edge::store {
namespace {

// Profiles and aliases go; journal rows keep their counts under 'erased'; the
// outbox's unsent payloads stop naming the member.
void erase_rows(sqlite::Database& db, const std::string& key) {
  for (const char* sql :
       {"DELETE FROM profiles_a WHERE member_key = ?1", "DELETE FROM profiles_b WHERE member_key = ?1",
        "DELETE FROM aliases WHERE old_key = ?1 OR new_key = ?1",
        "DELETE FROM consent_withdrawals WHERE member_key = ?1",
        "UPDATE coupons SET member_key = 'erased' WHERE member_key = ?1",
        "UPDATE notes SET member_key = 'erased' WHERE member_key = ?1",
        "UPDATE outbox SET payload = replace(payload, ?1, 'erased') WHERE instr(payload, ?1) > 0"}) {
    sqlite::StatementScope s(db.prepared(sql));
    s->bind(1, key);
    s->run();
  }
}

}  // namespace

Status DownlinkApplier::erase_members(const std::string& request_id,
                                      const std::vector<std::string>& member_keys) {
  auto guard = db_.lock();
  const auto now = Clock::now();
  sqlite::Transaction tx(db_.db(), sqlite::Durability::synced);
  std::uint64_t enqueued = 0;
  for (const auto& key : member_keys) {
    erase_rows(db_.db(), key);
    nlohmann::json payload = {{"request_id", request_id},
                              {"member_key", key},
                              {"store_id", options_.store_id},
                              {"erased_at", format_utc_iso8601(now)}};
    enqueued += roles_.outbox.enqueue(uuid_v7(now), "erasure_done", local_date(now), format_utc_iso8601(now),
                                      payload.dump());
  }
  tx.commit();
  roles_.outbox.committed(enqueued);
  return ok();
}

Result<std::string> DownlinkApplier::member_request(
    const std::vector<std::string>& member_keys, const char* type, const std::string& staff_id,
    Clock::time_point now, const std::function<void(const std::string&, const std::string&)>& apply) {
  if (member_keys.empty()) return Error(ErrorKind::invalid_input, "no member named", "store");
  auto guard = db_.lock();
  std::vector<std::string> request_ids;
  std::uint64_t enqueued = 0;
  Status written = db_.write(
      std::string(type) + " not stored",
      [&](sqlite::Transaction&) -> Status {
        for (const auto& key : member_keys) {
          request_ids.push_back(uuid_v7(now));
          apply(key, request_ids.back());
          nlohmann::json payload = {{"request_id", request_ids.back()},
                                    {"member_key", key},
                                    {"store_id", options_.store_id},
                                    {"staff_id", staff_id},
                                    {"requested_at", format_utc_iso8601(now)}};
          enqueued += roles_.outbox.enqueue(request_ids.back(), type, local_date(now),
                                            format_utc_iso8601(now), payload.dump());
        }
        return ok();
      },
      sqlite::Durability::synced);
  if (!written) return written.error();
  roles_.outbox.committed(enqueued);
  return request_ids.front();
}

Result<std::string> DownlinkApplier::forget_member(const std::vector<std::string>& member_keys,
                                                   const std::string& staff_id, Clock::time_point now) {
  // The event, written after the rows are gone, alone still names the
  // member, for HQ to list them.
  return member_request(member_keys, "member_erase_requested", staff_id, now,
                        [&](const std::string& key, const std::string&) { erase_rows(db_.db(), key); });
}

}  // namespace smartstore::edge::store
