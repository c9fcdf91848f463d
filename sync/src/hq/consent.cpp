// HQ's consent withdrawal list: recorded, sent to stores, exported for the batch.
#include "smartstore/sync/consent.h"

#include "hq/hq_store.h"
#include "smartstore/sync/envelope.h"
#include "smartstore/sync/hq.h"

namespace smartstore::sync {
namespace {

constexpr const char* kOrigin = "hq consent";

}  // namespace

Result<ConsentOutcome> withdraw_consent(const EraseOptions& o, const std::string& member_key) {
  auto listed =
      detail::list_member(o, member_key,
                          {&detail::HqStore::record_consent_withdrawal, &detail::HqStore::consent_withdrawals,
                           content::consent_withdrawals, kOrigin});
  if (!listed) return listed.error();
  return ConsentOutcome{listed->newly_listed, std::move(listed->stores_sent)};
}

Result<std::size_t> export_consent_withdrawals(const std::string& db, const std::filesystem::path& out) {
  std::vector<detail::ErasureRecord> list;
  try {
    list = detail::open_hq_store(db, true)->consent_withdrawals();
  } catch (const std::exception& e) {
    return detail::db_unavailable(db, e, kOrigin);
  }
  if (auto written = detail::write_member_list(
          out,
          "# Members who withdrew marketing consent (smartstore-hq withdrawals): consent false in "
          "every snapshot.\n",
          list);
      !written)
    return written.error();
  return list.size();
}

}  // namespace smartstore::sync
