#pragma once
// The nightly day-close compares a store's events of one (day, type) with
// HQ's by count and a digest of their ids. Store, HQ and tests compute the
// digest with this one function, so "match" means the same set on both sides.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "smartstore/sync/topics.h"

namespace smartstore::sync {

// sha256 hex over the event ids, sorted ascending, '\n'-joined ("" for none
// hashes the empty string).
[[nodiscard]] std::string day_ids_digest(const std::vector<std::string>& sorted_ids);

// Every day-close send carries a fresh close id (body "close_id") and HQ echoes
// it in its answer: the broker may deliver an answer to an older day-close of
// the same day (queued while the store was offline, or from before a restart)
// after a newer one was sent, and only the answer to the newest send closes the
// day. The id is random (new_message_id()), not a counter, so a send after a
// restart cannot reuse an id whose answer is still queued. Optional on the
// wire: stores and HQs from before close ids send none.
inline constexpr std::size_t kMaxCloseIdChars = 64;

// Letters, digits, '-' and '_', 1..kMaxCloseIdChars: it is echoed and logged.
[[nodiscard]] constexpr bool valid_close_id(std::string_view id) {
  return is_token(id, kMaxCloseIdChars);
}

}  // namespace smartstore::sync
