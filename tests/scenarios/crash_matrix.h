#pragma once
// The crash matrix's rig (tests/scenarios/crash_matrix_test.cpp): the snapshots HQ
// publishes, and read-only checks on a kiosk or HQ SQLite file.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "smartstore/models/member_key.h"
#include "sync/sync_fixture.h"

namespace smartstore::testing::crash_matrix {

// A snapshot of `keys` (star tier: every scan earns a coupon) plus `filler`
// synthetic profiles; its record count identifies the version on disk.
inline models::SnapshotManifest write_snapshot(const std::filesystem::path& dir, std::int64_t version,
                                               const std::vector<std::string>& keys, std::size_t filler) {
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  models::SnapshotManifest m;
  m.store_id = "S001";
  m.version = version;
  m.created_at = "2026-11-20T01:00:00Z";
  std::vector<std::string> all = keys;
  for (std::size_t i = 0; i < filler; ++i)
    all.push_back(models::sha256_hex("v" + std::to_string(version) + "-" + std::to_string(i)));
  m.record_count = all.size();
  constexpr std::size_t per_chunk = 4000;
  for (std::size_t start = 0, idx = 0; start < all.size(); ++idx) {
    std::size_t end = std::min(all.size(), start + per_chunk);
    std::string bytes;
    for (std::size_t i = start; i < end; ++i)
      bytes += "{\"key\":\"" + all[i] +
               "\",\"gender\":\"F\",\"age\":\"30s\",\"tier\":\"star\",\"segment\":\"Gold\","
               "\"prefs\":[{\"c\":\"food\",\"i\":40.0,\"n\":1}],\"spend\":" +
               std::to_string(1000 * (i + 1)) + "}\n";
    write_file(dir / models::chunk_file_name(static_cast<std::uint32_t>(idx)), bytes);
    m.chunks.push_back({static_cast<std::uint32_t>(idx), end - start, models::sha256_hex(bytes)});
    start = end;
  }
  m.checksum = models::manifest_checksum(m.chunks);
  write_file(dir / "manifest.json", models::encode_manifest(m));
  return m;
}

// Read-only checks on the kiosk's file while the daemon is dead.
class KioskFile {
 public:
  explicit KioskFile(const std::filesystem::path& f) { REQUIRE(sqlite3_open(f.c_str(), &db_) == SQLITE_OK); }
  ~KioskFile() { sqlite3_close(db_); }
  KioskFile(const KioskFile&) = delete;
  KioskFile& operator=(const KioskFile&) = delete;
  std::string text(const std::string& sql, const std::string& arg = "") {
    sqlite3_stmt* s = nullptr;
    std::string v = "<none>";
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &s, nullptr) == SQLITE_OK) {
      if (!arg.empty()) sqlite3_bind_text(s, 1, arg.c_str(), -1, SQLITE_TRANSIENT);
      if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
        v = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
    }
    sqlite3_finalize(s);
    return v;
  }
  std::int64_t count(const std::string& sql, const std::string& arg = "") {
    auto t = text(sql, arg);
    return t == "<none>" ? -1 : std::stoll(t);
  }
  std::multiset<std::string> set(const std::string& sql) {
    auto c = column(sql);
    return {c.begin(), c.end()};
  }
  std::vector<std::string> column(const std::string& sql) {
    std::vector<std::string> out;
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &s, nullptr) == SQLITE_OK)
      while (sqlite3_step(s) == SQLITE_ROW)
        out.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(s, 0)));
    sqlite3_finalize(s);
    return out;
  }

 private:
  sqlite3* db_ = nullptr;
};

}  // namespace smartstore::testing::crash_matrix
