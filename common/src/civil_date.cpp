#include "smartstore/common/civil_date.h"

#include <cstdio>

namespace smartstore {

DayNumber days_from_civil(int year, unsigned month, unsigned day) {
  const int y = year - (month <= 2 ? 1 : 0);
  const int era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<DayNumber>(doe) - 719468;
}

CivilDate civil_from_days(DayNumber day) {
  const DayNumber z = day + 719468;
  const DayNumber era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<int>(yoe) + era * 400 + (m <= 2 ? 1 : 0), m, d};
}

Weekday weekday(DayNumber day) {
  // 1970-01-01 was a Thursday (3 counting from Monday).
  const int w = (day % 7 + 7 + 3) % 7;
  return static_cast<Weekday>(w);
}

namespace {

bool leap(int y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

unsigned days_in_month(int y, unsigned m) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : kDays[m - 1];
}

// `n` decimal digits at `pos`, or -1.
int digits(std::string_view s, std::size_t pos, std::size_t n) {
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return -1;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

}  // namespace

std::optional<DayNumber> parse_date(std::string_view text) {
  const bool separated =
      text.size() == 10 && (text[4] == '-' || text[4] == '/' || text[4] == '.') && text[7] == text[4];
  if (!separated && text.size() != 8) return std::nullopt;
  const int y = digits(text, 0, 4);
  const int m = digits(text, separated ? 5 : 4, 2);
  const int d = digits(text, separated ? 8 : 6, 2);
  if (y < 0 || m < 1 || m > 12 || d < 1) return std::nullopt;
  const auto month = static_cast<unsigned>(m);
  if (static_cast<unsigned>(d) > days_in_month(y, month)) return std::nullopt;
  return days_from_civil(y, month, static_cast<unsigned>(d));
}

std::string format_date(DayNumber day) {
  const CivilDate c = civil_from_days(day);
  char buf[24];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", c.year, c.month, c.day);
  return buf;
}

}  // namespace smartstore
