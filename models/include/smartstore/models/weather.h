#pragma once
// Weather and calendar features of report 002: diurnal range, discomfort
// index, and a holiday flag from a calendar file (date,name CSV) the user can
// extend; models/data/kr_holidays.csv ships Korean public holidays 2018–2027.
#include <cstdint>
#include <map>
#include <optional>
#include <string>

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

struct HolidayCalendarLoad {
  HolidayCalendar calendar;
  std::optional<CsvError> error;
  [[nodiscard]] bool ok() const { return !error.has_value(); }
};

// CSV with header `date,name`; date YYYY-MM-DD or YYYYMMDD; lines starting with # are comments.
// Loading several files into one calendar extends it.
[[nodiscard]] HolidayCalendarLoad load_holiday_calendar(const std::string& path, HolidayCalendar into = {});
// models/data/kr_holidays.csv of the source tree this library was built from.
[[nodiscard]] std::string default_holiday_calendar_path();

}  // namespace smartstore::models
