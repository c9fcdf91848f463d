#pragma once
// Event ids HQ deduplicates on: UUIDv7 (RFC 9562), time-ordered, 62 random
// bits. Monotonic within the process (RFC 9562 6.2 method 1: a 12-bit counter
// in rand_a), also when `now` goes back (NTP step): the last timestamp is kept.
#include <chrono>
#include <string>
#include <string_view>

namespace smartstore::edge::store {

[[nodiscard]] std::string uuid_v7(std::chrono::system_clock::time_point now);
// Continue after `newest_event_id` (the newest id already written); "" or junk: ignored.
void seed_event_ids(std::string_view newest_event_id);

}  // namespace smartstore::edge::store
