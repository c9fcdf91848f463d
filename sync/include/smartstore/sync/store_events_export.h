#pragma once
// HQ's event store as the batch's input (smartstore-models build --events):
// what staff noted about members (items sold, shown and considered, the time
// a member deliberated, sign-up survey answers) and the coupons kiosks
// issued and saw redeemed, one CSV row per fact. docs/models.md gives the
// columns and how the batch folds each row into a profile.
#include <cstdint>
#include <filesystem>
#include <string>

#include "smartstore/common/result.h"

namespace smartstore::sync {

struct StoreEventsExportStats {
  std::uint64_t notes = 0;       // staff_note events read
  std::uint64_t rows = 0;        // rows written (header not counted)
  std::uint64_t issued = 0;      // coupon_issued rows
  std::uint64_t redeemed = 0;    // coupon_redeemed rows
  std::uint64_t unattached = 0;  // notes without a member key: nothing to fold them into
  // Events of erased members (HQ or the kiosk replaced the key by "erased"):
  // notes and issues left out, redemptions written without a member.
  std::uint64_t erased = 0;
};

// db: a SQLite file (opened read-only) or a postgresql:// URL. out: created
// 0600 (member keys), written as the events are read, page by page. Errors:
// unavailable (not a readable HQ database, named without its password),
// invalid_input (an event whose payload is not what the kiosk sends, naming
// store, event id and field), storage_io (out not writable).
[[nodiscard]] Result<StoreEventsExportStats> export_store_events(const std::string& db,
                                                                 const std::filesystem::path& out);

}  // namespace smartstore::sync
