#pragma once
// Wall-clock time as text. One form for every timestamp the house writes
// (envelopes, snapshot manifests, API views, journal rows): ISO 8601 in UTC
// with whole seconds, "2026-11-23T09:15:12Z". The store's business day is the
// exception: it is the local date, because the store closes its day by its
// own clock.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace smartstore {

// "2026-11-23T09:15:12Z" (sub-second part truncated).
[[nodiscard]] std::string format_utc_iso8601(std::chrono::system_clock::time_point t);
[[nodiscard]] std::string utc_now_iso8601();
// Seconds since the epoch of the leading "YYYY-MM-DDTHH:MM:SS" of an ISO 8601
// UTC time; a fraction or zone suffix after it is ignored. nullopt when the
// text does not start with one.
[[nodiscard]] std::optional<std::int64_t> parse_utc_iso8601(std::string_view text);
// "YYYY-MM-DD" of `t` in the process's local time zone.
[[nodiscard]] std::string local_date(std::chrono::system_clock::time_point t);

}  // namespace smartstore
