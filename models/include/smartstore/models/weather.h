#pragma once
// Weather and calendar features of report 002: diurnal range, discomfort
// index, and a holiday flag from a calendar file (date,name CSV) the user can
// extend; models/data/kr_holidays.csv ships Korean public holidays 2018–2027.
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "smartstore/common/result.h"
#include "smartstore/models/demand_forecast.h"
#include "smartstore/models/lpoint_csv.h"

namespace smartstore::models {

[[nodiscard]] double diurnal_range(double max_celsius, double min_celsius);
// DI = 9/5·T − 0.55·(1 − RH/100)·(9/5·T − 26) + 32 (T mean °C, RH mean %).
[[nodiscard]] double discomfort_index(double mean_celsius, double mean_humidity_pct);

class HolidayCalendar {
 public:
  void add(Day day, std::string name);
  [[nodiscard]] bool is_holiday(Day day) const { return days_.count(day) != 0; }
  // Holiday or Saturday/Sunday.
  [[nodiscard]] bool is_day_off(Day day) const;
  [[nodiscard]] std::optional<std::string> name(Day day) const;
  [[nodiscard]] std::size_t size() const { return days_.size(); }

 private:
  std::map<Day, std::string> days_;
};

// CSV with header `date,name`; date YYYY-MM-DD or YYYYMMDD; lines starting with # are comments.
// Loading several files into one calendar extends it.
[[nodiscard]] Result<HolidayCalendar> load_holiday_calendar(const std::string& path,
                                                            HolidayCalendar into = {});
// models/data/kr_holidays.csv of the source tree this library was built from.
[[nodiscard]] std::string default_holiday_calendar_path();

// One day of the Korea Meteorological Administration's ASOS daily data,
// averaged over the stations the file holds.
struct DailyWeather {
  Day day = 0;
  double mean_c = 0, min_c = 0, max_c = 0;  // air temperature, °C
  double humidity_pct = 0;                  // mean relative humidity, %
  double precipitation_mm = 0;              // day total; KMA leaves dry days blank
  double wind_ms = 0;                       // mean wind speed, m/s
};

// KMA ASOS daily CSV, UTF-8 (the portal's downloads are CP949: `iconv -f
// cp949 -t utf-8`). Columns by header, either the portal's or the open API's:
//   station   지점            stnId      (any text; several stations are averaged per date)
//   date      일시            tm         YYYY-MM-DD
//   mean/min/max temperature  평균기온(°C) 최저기온(°C) 최고기온(°C) | avgTa minTa maxTa
//   humidity  평균 상대습도(%)  avgRhm
//   rain      일강수량(mm)     sumRn      blank = 0 mm
//   wind      평균 풍속(m/s)   avgWs
// Other columns are ignored. A blank temperature, humidity or wind leaves
// that station out of the day's mean (a day with none takes the previous
// day's value). Errors name file:line and the column. Sorted by day.
[[nodiscard]] Result<std::vector<DailyWeather>> read_asos_daily(const std::filesystem::path& file);
// The same layout with the portal's headers, one station; what the demo
// generator writes.
[[nodiscard]] std::string asos_daily_csv(const std::vector<DailyWeather>& days, const std::string& station_id,
                                         const std::string& station_name);

// What the demand forecaster knows of a day besides its demand: the holiday
// flag from the calendar and the day's weather. Days after the as-of day
// should be covered by a weather forecast; a day the weather does not cover
// takes the same date a year before (a climatological stand-in), else the
// nearest earlier day.
class DemandConditions {
 public:
  DemandConditions() = default;
  DemandConditions(std::vector<DailyWeather> weather, HolidayCalendar holidays);
  // Fills holiday, temperature, humidity, wind and rain_level of `d` for d.day.
  void describe(DemandDay& d) const;
  [[nodiscard]] const DailyWeather* weather(Day day) const;  // after the stand-in rule; null without weather
  [[nodiscard]] bool has_weather() const { return !weather_.empty(); }
  [[nodiscard]] const HolidayCalendar& holidays() const { return holidays_; }

 private:
  std::vector<DailyWeather> weather_;  // sorted by day
  HolidayCalendar holidays_;
};

// rain_level from a day's precipitation, on bike sharing's 1..4 scale:
// 1 under 1 mm, 2 under 10 mm, 3 under 30 mm, 4 from 30 mm.
[[nodiscard]] double rain_level(double precipitation_mm);

}  // namespace smartstore::models
