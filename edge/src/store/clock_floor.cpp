// ClockFloor: the latest seen time, in the meta table.
#include "smartstore/edge/store/clock_floor.h"

#include <charconv>
#include <string>

#include "journal_json.h"
#include "store_database.h"

namespace smartstore::edge::store {
namespace {
constexpr const char* kKey = "clock_floor_unix_s";
}

ClockFloor::ClockFloor(StoreDatabase& db) : db_(db) {
  const std::string stored = db_.meta(kKey);
  std::int64_t s = 0;
  if (std::from_chars(stored.data(), stored.data() + stored.size(), s).ec == std::errc()) floor_s_ = s;
  persisted_s_ = floor_s_;
}

Status ClockFloor::observe(Clock::time_point now) {
  const std::int64_t s = unix_seconds(now);
  if (s <= floor_s_) return ok();
  floor_s_ = s;
  if (s - persisted_s_ < kPersistStep.count()) return ok();
  auto guard = db_.lock();
  Status written = db_.write("clock floor not stored",
                             [&](sqlite::Transaction&) { db_.set_meta(kKey, std::to_string(s)); });
  if (written) persisted_s_ = s;
  return written;
}

}  // namespace smartstore::edge::store
