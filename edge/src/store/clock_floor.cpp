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

std::optional<std::int64_t> ClockFloor::raise(Clock::time_point now) {
  const std::int64_t s = unix_seconds(now);
  if (s <= floor_s_) return std::nullopt;
  floor_s_ = s;
  if (s - persisted_s_ < kPersistStep.count()) return std::nullopt;
  return s;
}

Status ClockFloor::observe(Clock::time_point now) {
  const auto due = raise(now);
  if (!due) return ok();
  auto guard = db_.lock();
  Status written = db_.write("clock floor not stored",
                             [&](sqlite::Transaction&) { db_.set_meta(kKey, std::to_string(*due)); });
  if (written) committed(*due);
  return written;
}

std::optional<std::int64_t> ClockFloor::observe_in_transaction(Clock::time_point now) {
  const auto due = raise(now);
  if (due) db_.set_meta(kKey, std::to_string(*due));
  return due;
}

}  // namespace smartstore::edge::store
