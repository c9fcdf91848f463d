#include <cstdio>
#include <ostream>

#include "../table_reader.h"
#include "flag_args.h"
#include "smartstore/common/civil_date.h"
#include "smartstore/models/predictive_cli.h"
#include "smartstore/models/seasonal_index.h"

namespace smartstore::models::predictive_cli {

int run_seasonal(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  auto flags =
      parse_flags(args, {"--series", "--date-col", "--value-col", "--aggregate", "--from", "--to"}, {}, err);
  if (!flags) return 2;
  SeriesOptions options;
  options.date_column = flags->get("--date-col");
  options.value_column = flags->get("--value-col");
  options.from = flags->get("--from");
  options.to = flags->get("--to");
  const std::string aggregate = flags->get("--aggregate", "sum");
  if (aggregate == "sum") {
    options.aggregate = DailyAggregate::sum;
  } else if (aggregate == "count") {
    options.aggregate = DailyAggregate::count;
  } else if (aggregate.rfind("distinct:", 0) == 0 && aggregate.size() > 9) {
    options.aggregate = DailyAggregate::distinct;
    options.distinct_column = aggregate.substr(9);
  } else {
    err << "seasonal: --aggregate must be sum, count or distinct:COLUMN\n";
    return 2;
  }
  if (!flags->has("--series") || options.date_column.empty() ||
      (options.aggregate == DailyAggregate::sum && options.value_column.empty())) {
    err << "seasonal: --series FILE --date-col D and (for sum) --value-col V are required\n";
    return 2;
  }
  const auto series = read_daily_series(flags->get("--series"), options);
  if (!series) {
    err << "seasonal: " << series.error().message() << "\n";
    return 2;
  }
  const auto index = weekday_index(*series);
  if (!index) {
    err << "seasonal: " << index.error().message() << "\n";
    return 2;
  }
  static const char* const names[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  out << "{";
  char buf[64];
  for (std::size_t d = 0; d < 7; ++d) {
    std::snprintf(buf, sizeof buf, "\"%s\": %.6f, ", names[d], index->by_weekday[d]);
    out << buf;
  }
  out << "\"first_day\": \"" << format_date(series->first_day)
      << "\", \"days\": " << series->values.size() << "}\n";
  return 0;
}

}  // namespace smartstore::models::predictive_cli
