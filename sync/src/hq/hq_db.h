#pragma once
// Internal: HQ's SQLite store. Events keyed by event id (INSERT OR IGNORE), so
// redeliveries are counted and dropped, never stored twice.
#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace smartstore::sync::detail {

struct IncomingEvent {
  std::string event_id, type, day, created_at, payload;
};

class HqDb {
 public:
  explicit HqDb(const std::filesystem::path& file);  // throws when the file cannot be opened
  ~HqDb();
  HqDb(const HqDb&) = delete;
  HqDb& operator=(const HqDb&) = delete;

  struct InsertCounts {
    std::uint64_t inserted = 0, duplicates = 0;
  };
  InsertCounts insert_events(const std::string& store, const std::vector<IncomingEvent>& events);
  void record_snapshot_ack(const std::string& store, std::int64_t version, bool applied, const std::string& error);
  void record_day_close(const std::string& store, const std::string& day, const std::string& type,
                        std::uint64_t store_count, const std::string& store_sha);
  // Sorted (byte order) event ids HQ holds for one store/day/type.
  std::vector<std::string> held_ids(const std::string& store, const std::string& day, const std::string& type);

  sqlite3* handle() { return db_; }
  void exec(const char* sql);

 private:
  sqlite3* db_ = nullptr;
};

}  // namespace smartstore::sync::detail
