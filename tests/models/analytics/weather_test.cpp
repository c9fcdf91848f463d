// Weather features of report 002 and the holiday calendar.
#include <doctest/doctest.h>

#include <cmath>

#include "smartstore/models/weather.h"
#include "support/test_paths.h"

using namespace smartstore::models;

TEST_CASE("discomfort index check value 56.4152 and diurnal range") {
  CHECK(std::round(discomfort_index(13.391656, 70.232968) * 1e4) / 1e4 == doctest::Approx(56.4152));
  // Hand check: T 30 °C, RH 80 % → 54 − 0.55·0.2·28 + 32 = 82.92.
  CHECK(discomfort_index(30, 80) == doctest::Approx(82.92));
  CHECK(diurnal_range(24.5, 13.0) == doctest::Approx(11.5));
}

TEST_CASE("the shipped Korean calendar") {
  const auto load = load_holiday_calendar(default_holiday_calendar_path());
  REQUIRE(load);
  const HolidayCalendar& cal = *load;
  CHECK(cal.size() > 150);
  CHECK(cal.is_holiday(*parse_date("2018-09-24")));  // Chuseok 2018
  CHECK(cal.is_holiday(*parse_date("2024-02-12")));  // substitute for Seollal
  CHECK(cal.is_holiday(*parse_date("2025-10-06")));  // Chuseok 2025
  CHECK(cal.is_holiday(*parse_date("2027-10-09")));  // Hangul Day
  CHECK_FALSE(cal.is_holiday(*parse_date("2018-04-04")));
  CHECK(cal.name(*parse_date("2019-03-01"))->find("삼일절") != std::string::npos);
  for (int y = 2018; y <= 2027; ++y) CHECK(cal.is_holiday(days_from_civil(y, 12, 25)));
  // Weekends are days off without being holidays: 2018-04-07 was a Saturday.
  CHECK(smartstore::weekday(*parse_date("2018-04-07")) == smartstore::Weekday::saturday);
  CHECK(smartstore::weekday(*parse_date("2018-04-01")) == smartstore::Weekday::sunday);
  CHECK(cal.is_day_off(*parse_date("2018-04-07")));
  CHECK_FALSE(cal.is_day_off(*parse_date("2018-04-04")));
}

TEST_CASE("a user calendar extends the shipped one; bad dates are located") {
  smartstore::testing::TempDir dir;
  smartstore::testing::write_file(dir / "store.csv", "date,name\n# company holiday\n2018-04-04,창립기념일\n");
  auto base = load_holiday_calendar(default_holiday_calendar_path());
  REQUIRE(base);
  const auto both = load_holiday_calendar((dir / "store.csv").string(), *base);
  REQUIRE(both);
  CHECK(both->is_holiday(*parse_date("2018-04-04")));
  CHECK(both->size() == base->size() + 1);
  smartstore::testing::write_file(dir / "bad.csv", "date,name\n2018-02-30,nope\n");
  const auto bad = load_holiday_calendar((dir / "bad.csv").string());
  REQUIRE_FALSE(bad);
  CHECK(bad.error().kind() == smartstore::ErrorKind::invalid_input);
  CHECK(bad.error().message().find(
            "bad.csv:2: column date: expected a date YYYY-MM-DD, found \"2018-02-30\"") != std::string::npos);
  CHECK_FALSE(load_holiday_calendar((dir / "none.csv").string()));
}
