// The KMA ASOS daily CSV reader and the calendar and weather the demand
// forecaster reads per day.
#include <doctest/doctest.h>

#include <fstream>

#include "smartstore/models/weather.h"
#include "support/test_paths.h"

using namespace smartstore::models;
using smartstore::testing::TempDir;

namespace {
std::filesystem::path write(const TempDir& dir, const std::string& name, const std::string& text) {
  const auto file = dir / name;
  std::ofstream(file) << text;
  return file;
}
}  // namespace

TEST_CASE("weather_asos_portal_layout_averages_stations_and_reads_blank_rain_as_dry") {
  TempDir dir;
  const auto file = write(dir, "asos.csv",
                          "지점,지점명,일시,평균기온(°C),최저기온(°C),최고기온(°C),최고기온 시각(hhmi),"
                          "일강수량(mm),평균 풍속(m/s),평균 상대습도(%)\n"
                          "108,서울,2022-07-02,27.0,23.0,31.0,1500,12.5,2.0,80.0\n"
                          "159,부산,2022-07-02,25.0,22.0,29.0,1400,,4.0,70.0\n"
                          "108,서울,2022-07-01,26.0,22.0,30.0,1510,,1.0,\n");
  const auto days = read_asos_daily(file);
  REQUIRE(days.has_value());
  REQUIRE(days->size() == 2);
  const auto& first = (*days)[0];
  CHECK(format_date(first.day) == "2022-07-01");
  CHECK(first.precipitation_mm == 0);
  CHECK(first.humidity_pct == 0);  // blank on the first day: nothing earlier to carry
  const auto& second = (*days)[1];
  CHECK(second.mean_c == doctest::Approx(26.0));
  CHECK(second.max_c == doctest::Approx(30.0));
  CHECK(second.precipitation_mm == doctest::Approx(6.25));  // Busan dry, Seoul 12.5 mm
  CHECK(second.wind_ms == doctest::Approx(3.0));
  CHECK(second.humidity_pct == doctest::Approx(75.0));
}

TEST_CASE("weather_asos_open_api_field_names_and_what_the_generator_writes") {
  TempDir dir;
  const auto api = write(dir, "api.csv",
                         "stnId,stnNm,tm,avgTa,minTa,maxTa,sumRn,avgWs,avgRhm\n"
                         "108,서울,2022-01-05,-3.5,-8.0,1.0,,2.5,45.0\n");
  const auto read = read_asos_daily(api);
  REQUIRE(read.has_value());
  CHECK((*read)[0].mean_c == doctest::Approx(-3.5));
  const auto round_trip = write(dir, "written.csv", asos_daily_csv(*read, "108", "서울"));
  const auto again = read_asos_daily(round_trip);
  REQUIRE(again.has_value());
  CHECK((*again)[0].min_c == doctest::Approx(-8.0));
  CHECK((*again)[0].humidity_pct == doctest::Approx(45.0));
}

TEST_CASE("weather_asos_errors_name_file_line_and_column") {
  TempDir dir;
  const auto bad = write(dir, "bad.csv",
                         "stnId,stnNm,tm,avgTa,minTa,maxTa,sumRn,avgWs,avgRhm\n"
                         "108,서울,2022-01-05,-3.5,-8.0,1.0,,2.5,45.0\n"
                         "108,서울,2022-01-06,-3.5,-8.0,1.0,heavy,2.5,45.0\n");
  const auto read = read_asos_daily(bad);
  REQUIRE_FALSE(read.has_value());
  CHECK(read.error().message().find("bad.csv:3: column sumRn (precipitation): 'heavy'") != std::string::npos);

  const auto date = write(
      dir, "date.csv", "stnId,stnNm,tm,avgTa,minTa,maxTa,sumRn,avgWs,avgRhm\n108,x,2022-13-01,1,1,1,,1,1\n");
  REQUIRE_FALSE(read_asos_daily(date).has_value());
  CHECK(read_asos_daily(date).error().message().find("date.csv:2: column 일시 (date)") != std::string::npos);

  const auto cp949 = write(dir, "cp949.csv", "\xc1\xf6\xc1\xa1,\xc0\xcf\xbd\xc3\n108,2022-01-01\n");
  REQUIRE_FALSE(read_asos_daily(cp949).has_value());
  CHECK(read_asos_daily(cp949).error().message().find("cp949.csv:1: no station column") != std::string::npos);
  CHECK(read_asos_daily(dir / "missing.csv").error().kind() == smartstore::ErrorKind::not_found);
}

TEST_CASE("weather_conditions_fill_holiday_weather_and_a_stand_in_for_uncovered_days") {
  HolidayCalendar holidays;
  const Day christmas = *parse_date("2022-12-25");
  holidays.add(christmas, "Christmas");
  const Day spring = christmas - 360;
  std::vector<DailyWeather> weather{{christmas, -4.0, -7, 0, 50, 0, 3}, {spring, 1.0, 0, 2, 60, 35.0, 2}};
  const DemandConditions conditions(weather, holidays);
  auto described = [&](Day day) {
    DemandDay d;
    d.day = static_cast<int>(day);
    conditions.describe(d);
    return d;
  };
  const DemandDay xmas = described(christmas);
  CHECK(xmas.holiday);
  CHECK(xmas.temperature == doctest::Approx(-4.0));
  CHECK(xmas.humidity == doctest::Approx(50.0));
  CHECK(xmas.rain_level == 1);
  // Not covered, the same date a year before is: that day's weather.
  const DemandDay a_year_on = described(spring + 365);
  CHECK_FALSE(a_year_on.holiday);
  CHECK(a_year_on.temperature == doctest::Approx(1.0));
  CHECK(a_year_on.rain_level == 4);
  // Neither covered: the latest day before it.
  CHECK(described(christmas + 1).temperature == doctest::Approx(-4.0));
  CHECK(rain_level(0.5) == 1);
  CHECK(rain_level(5) == 2);
  CHECK(rain_level(12) == 3);
  CHECK(rain_level(35) == 4);
  const DemandConditions none;
  DemandDay plain;
  plain.day = static_cast<int>(christmas);
  none.describe(plain);
  CHECK_FALSE(plain.holiday);
  CHECK(plain.temperature == 0);
}
