#pragma once
// Event ids HQ deduplicates on: UUIDv7 (RFC 9562), time-ordered, 74 random bits.
#include <chrono>
#include <string>

namespace smartstore::edge::store {

[[nodiscard]] std::string uuid_v7(std::chrono::system_clock::time_point now);
// ISO 8601 UTC with seconds: 2024-05-01T09:30:00Z.
[[nodiscard]] std::string iso_utc(std::chrono::system_clock::time_point t);
// The store-local business day of t, YYYY-MM-DD (the process's TZ).
[[nodiscard]] std::string local_day(std::chrono::system_clock::time_point t);

}  // namespace smartstore::edge::store
