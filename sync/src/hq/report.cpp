// The per-day HQ report: what each store sent, what was dropped as duplicate,
// what its day-close says HQ is still missing, and the snapshot it runs.
#include <sqlite3.h>

#include <iomanip>
#include <nlohmann/json.hpp>
#include <sstream>

#include "smartstore/sync/hq.h"

namespace smartstore::sync {
namespace {

struct Db {
  sqlite3* db = nullptr;
  ~Db() { sqlite3_close(db); }
};

// Runs a query with ?1 = day; calls fn per row.
template <typename Fn>
bool query(sqlite3* db, const char* sql, const std::string& day, Fn fn) {
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(db, sql, -1, &s, nullptr) != SQLITE_OK) return false;
  sqlite3_bind_text(s, 1, day.data(), static_cast<int>(day.size()), SQLITE_TRANSIENT);
  while (sqlite3_step(s) == SQLITE_ROW) fn(s);
  sqlite3_finalize(s);
  return true;
}

std::string col(sqlite3_stmt* s, int i) {
  auto* t = sqlite3_column_text(s, i);
  return t ? reinterpret_cast<const char*>(t) : "";
}

}  // namespace

ReportResult build_report(const std::filesystem::path& file, const std::string& day) {
  Db db;
  if (sqlite3_open_v2(file.c_str(), &db.db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK)
    return {std::nullopt, "cannot open " + file.string()};
  std::map<std::string, StoreDayReport> stores;
  auto store = [&](const std::string& id) -> StoreDayReport& {
    auto& r = stores[id];
    r.store_id = id;
    return r;
  };
  bool ok = query(db.db, "SELECT store_id, type, COUNT(*) FROM events WHERE day=?1 GROUP BY store_id, type", day,
                  [&](sqlite3_stmt* s) {
                    auto n = static_cast<std::uint64_t>(sqlite3_column_int64(s, 2));
                    auto& r = store(col(s, 0));
                    r.events_by_type[col(s, 1)] = n;
                    r.events_total += n;
                  });
  if (!ok) return {std::nullopt, file.string() + ": not an HQ database (no events table)"};
  query(db.db, "SELECT store_id, count FROM duplicates WHERE day=?1", day,
        [&](sqlite3_stmt* s) { store(col(s, 0)).duplicates_dropped = static_cast<std::uint64_t>(sqlite3_column_int64(s, 1)); });
  query(db.db,
        "SELECT d.store_id, SUM(MAX(0, d.store_count - (SELECT COUNT(*) FROM events e WHERE e.store_id=d.store_id "
        "AND e.day=d.day AND e.type=d.type))) FROM day_closes d WHERE d.day=?1 GROUP BY d.store_id",
        day, [&](sqlite3_stmt* s) {
          auto& r = store(col(s, 0));
          r.day_closed = true;
          r.gaps = static_cast<std::uint64_t>(sqlite3_column_int64(s, 1));
        });
  query(db.db, "SELECT store_id, MAX(version) FROM snapshot_acks WHERE applied=1 AND ?1 IS NOT NULL GROUP BY store_id",
        day, [&](sqlite3_stmt* s) { store(col(s, 0)).snapshot_version_acknowledged = sqlite3_column_int64(s, 1); });
  DayReport out{day, {}};
  for (auto& [id, r] : stores) out.stores.push_back(std::move(r));
  return {std::move(out), {}};
}

std::string report_json(const DayReport& r) {
  nlohmann::json stores = nlohmann::json::array();
  for (const auto& s : r.stores)
    stores.push_back({{"store_id", s.store_id},
                      {"events_by_type", s.events_by_type},
                      {"events_total", s.events_total},
                      {"duplicates_dropped", s.duplicates_dropped},
                      {"gaps", s.gaps},
                      {"day_closed", s.day_closed},
                      {"snapshot_version_acknowledged", s.snapshot_version_acknowledged}});
  return nlohmann::json{{"day", r.day}, {"stores", stores}}.dump(2);
}

std::string report_table(const DayReport& r) {
  std::ostringstream out;
  out << "Day " << r.day << "\n";
  out << std::left << std::setw(8) << "store" << std::right << std::setw(10) << "events" << std::setw(12) << "duplicates"
      << std::setw(8) << "gaps" << std::setw(8) << "closed" << std::setw(10) << "snapshot" << "  by type\n";
  for (const auto& s : r.stores) {
    out << std::left << std::setw(8) << s.store_id << std::right << std::setw(10) << s.events_total << std::setw(12)
        << s.duplicates_dropped << std::setw(8) << s.gaps << std::setw(8) << (s.day_closed ? "yes" : "no")
        << std::setw(10) << s.snapshot_version_acknowledged << "  ";
    bool first = true;
    for (const auto& [type, n] : s.events_by_type) {
      out << (first ? "" : ", ") << type << '=' << n;
      first = false;
    }
    out << '\n';
  }
  if (r.stores.empty()) out << "(no events for this day)\n";
  return out.str();
}

}  // namespace smartstore::sync
