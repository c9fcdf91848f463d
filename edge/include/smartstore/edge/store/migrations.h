#pragma once
// The kiosk database's schema, as an ordered list of migrations. The schema
// version is PRAGMA user_version; start-up applies every missing step, each in
// its own transaction, so a kiosk can be upgraded from any earlier release.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "smartstore/common/sqlite/database.h"

namespace smartstore::edge::store {

struct Migration {
  int version;  // the user_version after this step
  std::string name;
  std::string sql;
};

[[nodiscard]] const std::vector<Migration>& migrations();
[[nodiscard]] int latest_schema_version();
[[nodiscard]] int schema_version(sqlite::Database& db);

// Applies steps up to `target` (default: all). Throws StorageError when the
// file is newer than this program knows (refusing beats guessing).
void migrate(sqlite::Database& db, int target = -1);

}  // namespace smartstore::edge::store
