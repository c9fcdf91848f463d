// Consent withdrawn chain-wide (HQ's consent-withdrawals downlink) or asked
// of staff here (withdraw_consent_here, which HQ learns of from its
// consent_withdrawal_requested event and lists chain-wide): the member gets
// no personalized coupon at this store from then on. The list is
// the store's own, not a flag on the profile, because a snapshot replaces
// every profile: one built before HQ listed the member would otherwise bring
// the coupons back.
#include "journal_json.h"
#include "smartstore/common/sqlite/database.h"
#include "smartstore/common/utc_time.h"
#include "smartstore/edge/store/downlink_applier.h"
#include "smartstore/edge/store/event_id.h"
#include "smartstore/edge/store/kiosk_store.h"
#include "smartstore/models/member_key.h"
#include "store_database.h"

namespace smartstore::edge::store {

Status DownlinkApplier::withdraw_consent(const std::string& request_id,
                                         const std::vector<std::string>& member_keys) {
  // Named by position, never echoed: a wrong value could be a card number.
  for (std::size_t i = 0; i < member_keys.size(); ++i)
    if (!models::is_member_key(member_keys[i]))
      return fail(ErrorKind::invalid_input,
                  "consent-withdrawals: member_keys[" + std::to_string(i) + "] is not a member key",
                  "kiosk store");
  auto guard = db_.lock();
  const std::int64_t now = unix_seconds(Clock::now());
  return db_.write(
      "consent withdrawal not stored",
      [&](sqlite::Transaction&) -> Status {
        sqlite::StatementScope s(
            db_.db().prepared("INSERT OR IGNORE INTO consent_withdrawals(member_key, request_id, "
                              "withdrawn_at) VALUES(?1, ?2, ?3)"));
        for (const auto& key : member_keys) s->bind(1, key).bind(2, request_id).bind(3, now).run();
        return ok();
      },
      sqlite::Durability::synced);
}

Result<std::string> DownlinkApplier::withdraw_consent_here(const std::vector<std::string>& member_keys,
                                                           const std::string& staff_id,
                                                           Clock::time_point now) {
  return member_request(member_keys, "consent_withdrawal_requested", staff_id, now,
                        [&](const std::string& key, const std::string& request_id) {
                          sqlite::StatementScope s(db_.db().prepared(
                              "INSERT OR IGNORE INTO consent_withdrawals(member_key, request_id, "
                              "withdrawn_at) VALUES(?1, ?2, ?3)"));
                          s->bind(1, key).bind(2, request_id).bind(3, unix_seconds(now)).run();
                        });
}

bool DownlinkApplier::consent_withdrawn(const std::string& member_key) {
  auto guard = db_.lock();
  sqlite::StatementScope s(db_.db().prepared("SELECT 1 FROM consent_withdrawals WHERE member_key = ?1"));
  s->bind(1, member_key);
  return s->step();
}

}  // namespace smartstore::edge::store
