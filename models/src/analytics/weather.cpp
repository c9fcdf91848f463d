#include "smartstore/models/weather.h"

#include <fstream>

namespace smartstore::models {

double diurnal_range(double max_celsius, double min_celsius) {
  return max_celsius - min_celsius;
}

double discomfort_index(double t, double rh) {
  return 9.0 / 5.0 * t - 0.55 * (1 - rh / 100) * (9.0 / 5.0 * t - 26) + 32;
}

void HolidayCalendar::add(Day day, std::string name) {
  days_[day] = std::move(name);
}

bool HolidayCalendar::is_day_off(Day day) const {
  return is_weekend(weekday(day)) || is_holiday(day);
}

std::optional<std::string> HolidayCalendar::name(Day day) const {
  auto it = days_.find(day);
  if (it == days_.end()) return std::nullopt;
  return it->second;
}

Result<HolidayCalendar> load_holiday_calendar(const std::string& path, HolidayCalendar into) {
  std::ifstream in(path);
  if (!in) return fail(csv_error(path, 0, "", "a readable holiday calendar", "cannot open"));
  std::string line;
  std::size_t number = 0;
  bool header = true;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    const auto comma = line.find(',');
    const std::string date = line.substr(0, comma);
    const std::string name = comma == std::string::npos ? std::string() : line.substr(comma + 1);
    if (header) {
      header = false;
      if (date == "date") continue;
    }
    const auto day = parse_date(date);
    if (!day) return fail(csv_error(path, number, "date", "a date YYYY-MM-DD", date));
    into.add(*day, name);
  }
  return into;
}

std::string default_holiday_calendar_path() {
  return std::string(SMARTSTORE_MODELS_DATA_DIR) + "/kr_holidays.csv";
}

}  // namespace smartstore::models
