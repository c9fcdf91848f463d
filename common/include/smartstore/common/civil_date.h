#pragma once
// Calendar dates as day numbers: days since 1970-01-01 in the proleptic
// Gregorian calendar (negative before), without <chrono>'s time-zone
// machinery. Every date the analytics, the generator and the reports handle
// is one of these; text is always YYYY-MM-DD.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace smartstore {

using DayNumber = std::int32_t;

struct CivilDate {
  int year = 1970;
  unsigned month = 1;  // 1..12
  unsigned day = 1;    // 1..31
};

// Howard Hinnant's days_from_civil / civil_from_days: exact for any date.
[[nodiscard]] DayNumber days_from_civil(int year, unsigned month, unsigned day);
[[nodiscard]] inline DayNumber days_from_civil(CivilDate d) {
  return days_from_civil(d.year, d.month, d.day);
}
[[nodiscard]] CivilDate civil_from_days(DayNumber day);

// The one weekday origin of the house: ISO 8601 order, Monday first, so
// static_cast<int>(weekday(d)) is 0 for Monday .. 6 for Sunday. Tables
// indexed by weekday list Monday first.
enum class Weekday : unsigned char { monday, tuesday, wednesday, thursday, friday, saturday, sunday };
[[nodiscard]] Weekday weekday(DayNumber day);
[[nodiscard]] inline bool is_weekend(Weekday w) {
  return w == Weekday::saturday || w == Weekday::sunday;
}

// Accepts YYYYMMDD and YYYY-MM-DD (also with '/' or '.' as the separator:
// exports from spreadsheets use them); nullopt when the text is neither or
// not a real date (2023-02-29).
[[nodiscard]] std::optional<DayNumber> parse_date(std::string_view text);
// YYYY-MM-DD.
[[nodiscard]] std::string format_date(DayNumber day);

}  // namespace smartstore
