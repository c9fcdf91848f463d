#pragma once
// Proleptic Gregorian day numbers (days since 1970-01-01) without <chrono>'s
// time-zone machinery: the generator only needs dates and weekdays.
#include <cstdint>
#include <optional>
#include <string_view>

namespace smartstore::models::gen {

struct Civil {
  int year = 1970;
  unsigned month = 1;
  unsigned day = 1;
};

// H. Hinnant's days_from_civil / civil_from_days.
inline std::int64_t days_from_civil(Civil c) {
  const int y = c.year - (c.month <= 2 ? 1 : 0);
  const int era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned mp = c.month > 2 ? c.month - 3 : c.month + 9;
  const unsigned doy = (153 * mp + 2) / 5 + c.day - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return static_cast<std::int64_t>(era) * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

inline Civil civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  const auto y = static_cast<int>(static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2 ? 1 : 0));
  return {y, m, d};
}

// 0 = Sunday .. 6 = Saturday.
inline int weekday(std::int64_t days) {
  const std::int64_t w = (days + 4) % 7;  // 1970-01-01 was a Thursday
  return static_cast<int>(w < 0 ? w + 7 : w);
}

// "YYYY-MM-DD" or "YYYYMMDD".
inline std::optional<std::int64_t> parse_date(std::string_view s) {
  auto digits = [&](std::size_t pos, std::size_t n) -> int {
    int v = 0;
    for (std::size_t i = pos; i < pos + n; ++i) {
      if (i >= s.size() || s[i] < '0' || s[i] > '9') return -1;
      v = v * 10 + (s[i] - '0');
    }
    return v;
  };
  const bool dashed = s.size() == 10 && s[4] == '-' && s[7] == '-';
  if (!dashed && s.size() != 8) return std::nullopt;
  const int y = digits(0, 4);
  const int m = digits(dashed ? 5 : 4, 2);
  const int d = digits(dashed ? 8 : 6, 2);
  if (y < 0 || m < 1 || m > 12 || d < 1 || d > 31) return std::nullopt;
  const Civil c{y, static_cast<unsigned>(m), static_cast<unsigned>(d)};
  const std::int64_t days = days_from_civil(c);
  const Civil back = civil_from_days(days);
  if (back.month != c.month || back.day != c.day) return std::nullopt;  // 2022-02-30
  return days;
}

}  // namespace smartstore::models::gen
