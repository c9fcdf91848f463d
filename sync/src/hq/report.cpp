// The per-day HQ report: what each store sent, what was dropped as duplicate,
// what its day-close says HQ is still missing, and the snapshot it runs.
#include <iomanip>
#include <nlohmann/json.hpp>
#include <sstream>

#include "hq/hq_store.h"
#include "smartstore/sync/hq.h"

namespace smartstore::sync {

Result<DayReport> build_report(const std::string& db, const std::string& day) {
  try {
    auto store = detail::open_hq_store(db, true);
    return store->day_report(day);
  } catch (const std::exception& e) {
    // A file without our tables, an unreachable server, a refused login.
    return fail(ErrorKind::unavailable,
                detail::db_for_logs(db) + ": not a readable HQ database (" + e.what() + ")", "hq report");
  }
}

std::string report_json(const DayReport& r) {
  nlohmann::json stores = nlohmann::json::array();
  for (const auto& s : r.stores)
    stores.push_back({{"store_id", s.store_id},
                      {"events_by_type", s.events_by_type},
                      {"events_total", s.events_total},
                      {"duplicates_dropped", s.duplicates_dropped},
                      {"gaps", s.gaps},
                      {"gaps_found_at_close", s.gaps_found},
                      {"gaps_recovered", s.gaps_recovered},
                      {"day_closed", s.day_closed},
                      {"snapshot_version_acknowledged", s.snapshot_version_acknowledged}});
  return nlohmann::json{{"day", r.day}, {"stores", stores}}.dump(2);
}

std::string report_table(const DayReport& r) {
  std::ostringstream out;
  out << "Day " << r.day << "\n";
  out << std::left << std::setw(8) << "store" << std::right << std::setw(10) << "events" << std::setw(12)
      << "duplicates" << std::setw(8) << "gaps" << std::setw(11) << "recovered" << std::setw(8) << "closed"
      << std::setw(14) << "snapshot"
      << "  by type\n";
  for (const auto& s : r.stores) {
    out << std::left << std::setw(8) << s.store_id << std::right << std::setw(10) << s.events_total
        << std::setw(12) << s.duplicates_dropped << std::setw(8) << s.gaps << std::setw(11)
        << s.gaps_recovered << std::setw(8) << (s.day_closed ? "yes" : "no") << std::setw(14)
        << s.snapshot_version_acknowledged << "  ";
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
