#pragma once
// The stores' events of a sharded batch, split the way its customers are: a
// member's rows go to the part holding the customer with that member key
// (and to the fit sample when the customer is in it), so each part folds
// only its members' events and the fit pass only the sample's, in memory
// bounded by the part. The events name members by key, the CSVs by cust id:
// the routes come from keying each part's customers as the batch does.
#include <cstdint>
#include <filesystem>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "smartstore/common/result.h"
#include "smartstore/models/profile_batch.h"

namespace smartstore::models::batch {

// The distinct non-empty values (trimmed, as the readers take them) of
// `column` in an L.Point CSV, which quotes nothing.
[[nodiscard]] Status add_column_values(const std::string& csv, const std::string& column,
                                       std::unordered_set<std::string>& values);

// One destination's customers: the files a part (or the fit sample) was split into.
struct MemberFiles {
  std::string purchases, customers;
  std::string members;  // card_no,cust; empty: keyed by cust
};

// (hash of a member key, destination), sorted once every destination is added.
using MemberRoutes = std::vector<std::pair<std::uint64_t, std::uint32_t>>;

// Adds a route to `destination` for every customer of `files` (purchases'
// and customers' cust column, as BatchOptions' column map names it), keyed as
// member_keys() keys them.
[[nodiscard]] Status add_member_routes(const BatchOptions& o, const MemberFiles& files,
                                       std::uint32_t destination, MemberRoutes& routes);

struct EventsSplit {
  // Per destination (0 .. destinations-1): its rows with the header, or an
  // empty path when no route leads there; then, with keep_unrouted, the rows
  // no route takes (members who are no customer, redemptions of coupons not
  // issued to one).
  std::vector<std::filesystem::path> files;
  std::uint64_t rows = 0;  // data rows read
};

// Streams `events` (smartstore-hq store-events' CSV) into <dir>/store-events.<d>.csv:
// a row goes where its member_key leads; a coupon_redeemed row, which may
// name no member, where the coupon's issues went. File order is kept within
// each file, so a member's rows fold as they do from the whole file. Fails
// with not_found for a missing file, invalid_input for a header without the
// columns it routes by, storage_io when a file cannot be written.
[[nodiscard]] Result<EventsSplit> split_store_events(const std::filesystem::path& events,
                                                     const MemberRoutes& routes, std::uint32_t destinations,
                                                     bool keep_unrouted, const std::filesystem::path& dir);

}  // namespace smartstore::models::batch
