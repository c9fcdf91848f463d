#pragma once
// The edge_scan bench's floors: the kiosk's scan transaction redone with bare
// SQLite prepared statements on the same file, so the shipped path is judged
// against what SQLite itself costs on this machine in the same run.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace smartstore::bench {

// Rows the shipped path committed, to be written again by bare SQLite: the
// floor inserts the same columns with the same bytes (fresh ids), so it pays
// for the same tables, indexes and WAL pages the kiosk's transaction does.
struct JournalRows {
  struct Coupon {
    std::string code, offer_id, reason_code, body, day, campaign_id;
    std::int64_t issued_at = 0, expires_at = 0;
  };
  struct Event {
    std::string type, day, created_at, payload;
  };
  std::vector<Coupon> coupons;
  std::vector<Event> events;
};

// The first `n` coupons and outbox rows the shipped path wrote to `file`.
JournalRows shipped_rows(const std::filesystem::path& file, std::size_t n);
// The floor: one prepared lookup of the member's profile row and the same two
// inserts the kiosk commits (coupons + outbox, every column) in one
// transaction, under the pragmas the kiosk's serving connection uses. Returns
// milliseconds per scan.
std::vector<double> bare_sqlite(const std::filesystem::path& file, const std::vector<std::string>& keys,
                                bool full, const JournalRows& rows, std::uint64_t seed);
// The floor as earlier runs measured it: the same lookup, but two small
// tables with one index each instead of the journal's, and a WAL left to
// grow. Kept in the output so the figures stay comparable with earlier runs.
std::vector<double> bare_minimal_tables(const std::filesystem::path& file,
                                        const std::vector<std::string>& keys);

}  // namespace smartstore::bench
