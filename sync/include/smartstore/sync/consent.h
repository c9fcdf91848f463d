#pragma once
// HQ's consent withdrawal list: members who withdrew marketing consent
// (`smartstore-hq withdraw-consent`). A listed member stays listed: every
// store HQ knows is sent the consent-withdrawals downlink (signed, as every
// downlink), its kiosks keep the list and issue that member no coupon, and
// the batch (--withdrawn, the file export_consent_withdrawals writes) writes
// consent false into every later snapshot. docs/hq.md "Consent withdrawal".
#include <filesystem>
#include <string>
#include <vector>

#include "smartstore/common/result.h"
#include "smartstore/sync/erasure.h"

namespace smartstore::sync {

struct ConsentOutcome {
  bool newly_listed = false;  // false: the member was already listed
  std::vector<std::string> stores_sent;
};

// Lists the member (origin "hq") and sends the withdrawal to every store HQ
// knows. Errors: invalid_input (not a member key), unavailable (the database
// or the broker; the member is listed all the same when only the broker
// failed, and the next snapshot carries it).
[[nodiscard]] Result<ConsentOutcome> withdraw_consent(const EraseOptions& options,
                                                      const std::string& member_key);

// The list as the batch's --withdrawn file: '#' comment lines, then one
// member key per line, sorted; how many members.
[[nodiscard]] Result<std::size_t> export_consent_withdrawals(const std::string& db,
                                                             const std::filesystem::path& out);

}  // namespace smartstore::sync
