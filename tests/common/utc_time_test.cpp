#include "smartstore/common/utc_time.h"

#include <doctest/doctest.h>

#include <cstdlib>

namespace smartstore {
namespace {

using std::chrono::seconds;
using std::chrono::system_clock;

TEST_CASE("UTC timestamps are ISO 8601 with whole seconds and a Z") {
  const system_clock::time_point t{seconds{1795425312}};
  CHECK(format_utc_iso8601(t) == "2026-11-23T09:15:12Z");
  CHECK(format_utc_iso8601(t + std::chrono::milliseconds(999)) == "2026-11-23T09:15:12Z");
  CHECK(format_utc_iso8601(system_clock::time_point{}) == "1970-01-01T00:00:00Z");
  CHECK(utc_now_iso8601().size() == 20);
}

TEST_CASE("UTC timestamps parse back to seconds, ignoring a fraction or zone suffix") {
  CHECK(parse_utc_iso8601("2026-11-23T09:15:12Z") == 1795425312);
  CHECK(parse_utc_iso8601("2026-11-23T09:15:12.250Z") == 1795425312);
  CHECK(parse_utc_iso8601("1970-01-01T00:00:00") == 0);
  CHECK_FALSE(parse_utc_iso8601("2026-11-24").has_value());
  CHECK_FALSE(parse_utc_iso8601("2026-11-24 08:35:12").has_value());
  CHECK_FALSE(parse_utc_iso8601("yesterday at noon, roughly").has_value());
}

TEST_CASE("the business day is the local date") {
  const char* old = std::getenv("TZ");
  const std::string saved = old != nullptr ? old : "";
  setenv("TZ", "Asia/Seoul", 1);
  tzset();
  // 2026-11-22T15:30:00Z is already the 23rd in Seoul (UTC+9).
  const system_clock::time_point t{seconds{1795361400}};
  CHECK(local_date(t) == "2026-11-23");
  if (old != nullptr)
    setenv("TZ", saved.c_str(), 1);
  else
    unsetenv("TZ");
  tzset();
}

}  // namespace
}  // namespace smartstore
