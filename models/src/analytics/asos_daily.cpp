// The KMA ASOS daily CSV (weather.h documents the columns) and the calendar
// and weather the demand forecaster reads for each day.
#include <algorithm>
#include <array>
#include <cstdio>
#include <map>

#include "../predictive/table_reader.h"
#include "smartstore/models/weather.h"

namespace smartstore::models {

namespace {

// Our field, the portal's header, the open API's field name.
struct AsosColumn {
  const char* field;
  const char* portal;
  const char* api;
};
constexpr std::array<AsosColumn, 8> kColumns{{{"station", "지점", "stnId"},
                                              {"date", "일시", "tm"},
                                              {"mean temperature", "평균기온(°C)", "avgTa"},
                                              {"min temperature", "최저기온(°C)", "minTa"},
                                              {"max temperature", "최고기온(°C)", "maxTa"},
                                              {"humidity", "평균 상대습도(%)", "avgRhm"},
                                              {"precipitation", "일강수량(mm)", "sumRn"},
                                              {"wind", "평균 풍속(m/s)", "avgWs"}}};
constexpr std::size_t kFirstValue = 2;  // columns from here on are numbers

struct DaySums {
  std::array<double, kColumns.size()> sum{};
  std::array<int, kColumns.size()> count{};
};

Failure at(const std::filesystem::path& file, std::size_t line, const std::string& what) {
  return fail(ErrorKind::invalid_input, file.string() + ":" + std::to_string(line) + ": " + what, "models");
}

}  // namespace

Result<std::vector<DailyWeather>> read_asos_daily(const std::filesystem::path& file) {
  auto read = predictive::read_csv(file);
  if (!read) return read.error();
  const auto& t = *read;
  std::array<std::size_t, kColumns.size()> col{};
  for (std::size_t c = 0; c < kColumns.size(); ++c) {
    auto found = t.column(kColumns[c].portal);
    if (!found) found = t.column(kColumns[c].api);
    if (!found)
      return at(file, 1,
                std::string("no ") + kColumns[c].field + " column (" + kColumns[c].portal + " or " +
                    kColumns[c].api + "); a portal download is CP949: convert it to UTF-8 first");
    col[c] = *found;
  }
  std::map<Day, DaySums> days;
  for (std::size_t i = 0; i < t.rows.size(); ++i) {
    const auto& r = t.rows[i];
    const auto day = parse_date(r[col[1]]);
    if (!day)
      return at(file, t.lines[i], std::string("column 일시 (date): '") + r[col[1]] + "' is not YYYY-MM-DD");
    auto& sums = days[*day];
    for (std::size_t c = kFirstValue; c < kColumns.size(); ++c) {
      const auto& text = r[col[c]];
      if (text.find_first_not_of(" \r") == std::string::npos) {
        if (c == 6) ++sums.count[c];  // a blank day total is a dry day
        continue;
      }
      const auto v = predictive::parse_number(text);
      if (!v)
        return at(file, t.lines[i],
                  std::string("column ") + t.header[col[c]] + " (" + kColumns[c].field + "): '" + text +
                      "' is not a number");
      sums.sum[c] += *v;
      ++sums.count[c];
    }
  }
  std::vector<DailyWeather> out;
  std::array<double, kColumns.size()> last{};
  for (const auto& [day, sums] : days) {
    for (std::size_t c = kFirstValue; c < kColumns.size(); ++c)
      if (sums.count[c] > 0) last[c] = sums.sum[c] / sums.count[c];
    out.push_back({day, last[2], last[3], last[4], last[5], last[6], last[7]});
  }
  return out;
}

std::string asos_daily_csv(const std::vector<DailyWeather>& days, const std::string& station_id,
                           const std::string& station_name) {
  std::string s = "지점,지점명,일시";
  for (std::size_t c = kFirstValue; c < kColumns.size(); ++c) s += std::string(",") + kColumns[c].portal;
  s += "\n";
  char line[256];
  for (const auto& d : days) {
    char rain[32] = "";
    if (d.precipitation_mm > 0) std::snprintf(rain, sizeof rain, "%.1f", d.precipitation_mm);
    std::snprintf(line, sizeof line, "%s,%s,%s,%.1f,%.1f,%.1f,%.1f,%s,%.1f\n", station_id.c_str(),
                  station_name.c_str(), format_date(d.day).c_str(), d.mean_c, d.min_c, d.max_c,
                  d.humidity_pct, rain, d.wind_ms);
    s += line;
  }
  return s;
}

double rain_level(double precipitation_mm) {
  return precipitation_mm < 1 ? 1 : precipitation_mm < 10 ? 2 : precipitation_mm < 30 ? 3 : 4;
}

DemandConditions::DemandConditions(std::vector<DailyWeather> weather, HolidayCalendar holidays)
    : weather_(std::move(weather)), holidays_(std::move(holidays)) {
  std::sort(weather_.begin(), weather_.end(), [](const auto& a, const auto& b) { return a.day < b.day; });
}

const DailyWeather* DemandConditions::weather(Day day) const {
  if (weather_.empty()) return nullptr;
  auto find = [&](Day d) -> const DailyWeather* {
    auto it =
        std::lower_bound(weather_.begin(), weather_.end(), d, [](const auto& w, Day x) { return w.day < x; });
    return it != weather_.end() && it->day == d ? &*it : nullptr;
  };
  if (const auto* w = find(day)) return w;
  if (const auto* w = find(day - 365)) return w;
  auto it =
      std::upper_bound(weather_.begin(), weather_.end(), day, [](Day x, const auto& w) { return x < w.day; });
  return it == weather_.begin() ? &weather_.front() : &*std::prev(it);
}

void DemandConditions::describe(DemandDay& d) const {
  d.holiday = holidays_.is_holiday(d.day);
  const DailyWeather* w = weather(d.day);
  if (!w) return;
  d.temperature = w->mean_c;
  d.humidity = w->humidity_pct;
  d.wind = w->wind_ms;
  d.rain_level = rain_level(w->precipitation_mm);
}

}  // namespace smartstore::models
