#include "smartstore/common/civil_date.h"

#include <doctest/doctest.h>

namespace smartstore {
namespace {

TEST_CASE("day numbers count from 1970-01-01 and round-trip through civil dates") {
  CHECK(days_from_civil(1970, 1, 1) == 0);
  CHECK(days_from_civil(1969, 12, 31) == -1);
  CHECK(days_from_civil(2000, 3, 1) == 11017);
  CHECK(days_from_civil(2024, 2, 29) == 19782);
  for (DayNumber d = -800000; d <= 800000; d += 997) {
    const CivilDate c = civil_from_days(d);
    CHECK(days_from_civil(c) == d);
  }
  const CivilDate leap = civil_from_days(19782);
  CHECK(leap.year == 2024);
  CHECK(leap.month == 2u);
  CHECK(leap.day == 29u);
}

TEST_CASE("weekdays count from Monday") {
  CHECK(weekday(0) == Weekday::thursday);                          // 1970-01-01
  CHECK(weekday(days_from_civil(2024, 1, 1)) == Weekday::monday);  // a Monday
  CHECK(weekday(days_from_civil(2018, 4, 7)) == Weekday::saturday);
  CHECK(weekday(days_from_civil(2018, 4, 1)) == Weekday::sunday);
  CHECK(weekday(-1) == Weekday::wednesday);
  CHECK(weekday(-7) == Weekday::thursday);
  CHECK(static_cast<int>(weekday(days_from_civil(2024, 1, 7))) == 6);
  CHECK(is_weekend(Weekday::saturday));
  CHECK_FALSE(is_weekend(Weekday::friday));
}

TEST_CASE("dates parse from YYYYMMDD and YYYY-MM-DD and format as YYYY-MM-DD") {
  CHECK(parse_date("19700101") == 0);
  CHECK(parse_date("1970-01-02") == 1);
  CHECK(parse_date("2018/04/01") == days_from_civil(2018, 4, 1));
  CHECK(parse_date("2018.04.01") == days_from_civil(2018, 4, 1));
  CHECK(format_date(*parse_date("20240229")) == "2024-02-29");
  CHECK(format_date(-1) == "1969-12-31");
  CHECK(format_date(days_from_civil(9999, 12, 31)) == "9999-12-31");
  CHECK_FALSE(parse_date("20230229").has_value());
  CHECK_FALSE(parse_date("2023-04-31").has_value());
  CHECK_FALSE(parse_date("2023-13-01").has_value());
  CHECK_FALSE(parse_date("2023-1-01").has_value());
  CHECK_FALSE(parse_date("2023x0101").has_value());
  CHECK_FALSE(parse_date("2023-01/01").has_value());
  CHECK_FALSE(parse_date("").has_value());
  CHECK_FALSE(parse_date("2023-01-01 ").has_value());
}

}  // namespace
}  // namespace smartstore
