// DownlinkApplier::apply_snapshot as the agent calls it: each received line is
// validated and stored unchanged as the profile body, staged in batches with
// the lock released in between (scans keep the old snapshot until the swap),
// and every kind of bad input is refused with a named error and the cache
// left exactly as it was.
#include <doctest/doctest.h>

#include <sqlite3.h>
#include <functional>

#include <algorithm>
#include <chrono>
#include <future>

#include "smartstore/edge/store/kiosk_store.h"
#include "smartstore/models/snapshot_format.h"
#include "support/test_paths.h"

using namespace smartstore;
using namespace smartstore::edge;
using smartstore::testing::TempDir;

namespace {

std::string key_of(int i, const std::string& salt = "") {
  return models::sha256_hex("snapshot-apply" + salt + std::to_string(i));
}

std::vector<models::CustomerProfile> profiles(int n, const std::string& tier, const std::string& salt = "") {
  std::vector<models::CustomerProfile> out;
  for (int i = 0; i < n; ++i) {
    models::CustomerProfile p;
    p.member_key = key_of(i, salt);
    p.tier = tier;
    p.gender = i % 2 == 0 ? "F" : "M";
    p.total_spend_krw = 1000 * i;
    p.preferences = {{"화장품", 100, 3},
                     {"식품 \"신선\"", 12.5, 1}};  // non-ASCII and escapes round-trip as bytes
    p.recommended_categories = {"스포츠패션"};
    out.push_back(p);
  }
  return out;
}

struct Snapshot {
  models::SnapshotManifest manifest;
  std::vector<std::string> chunks;
};

// Chunks and manifest as HQ's publish sends them (models::write_snapshot, read back).
Snapshot snapshot(const TempDir& dir, std::int64_t version, const std::vector<models::CustomerProfile>& ps,
                  std::size_t per_chunk) {
  auto out = dir / ("snap" + std::to_string(version));
  Snapshot s{models::write_snapshot(out, "S001", version, ps, models::PreferenceModel{}, per_chunk), {}};
  for (const auto& c : s.manifest.chunks)
    s.chunks.push_back(testing::read_file(out / models::chunk_file_name(c.index)));
  return s;
}

store::StoreOptions options() {
  return {"S001", 1000, 30, false};
}

// The stored body, read over a second connection as any SQLite reader would.
std::string stored_body(const std::filesystem::path& db_file, const std::string& key) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(db_file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  std::string table = "profiles_a";
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = 'active_profiles'", -1, &st, nullptr);
  if (sqlite3_step(st) == SQLITE_ROW &&
      std::string(reinterpret_cast<const char*>(sqlite3_column_text(st, 0))) == "b")
    table = "profiles_b";
  sqlite3_finalize(st);
  const std::string sql = "SELECT body FROM " + table + " WHERE member_key = ?1";
  sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr);
  sqlite3_bind_text(st, 1, key.c_str(), -1, SQLITE_TRANSIENT);
  std::string body;
  if (sqlite3_step(st) == SQLITE_ROW)
    body.assign(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)),
                static_cast<std::size_t>(sqlite3_column_bytes(st, 0)));
  sqlite3_finalize(st);
  sqlite3_close(db);
  return body;
}

std::vector<std::string> lines_of(const std::string& chunk) {
  std::vector<std::string> out;
  std::size_t at = 0;
  while (at < chunk.size()) {
    auto nl = chunk.find('\n', at);
    if (nl == std::string::npos) nl = chunk.size();
    if (nl > at) out.push_back(chunk.substr(at, nl - at));
    at = nl + 1;
  }
  return out;
}

// A snapshot that must be refused: the manifest and its chunks.
struct Offered {
  const models::SnapshotManifest& manifest;
  const std::vector<std::string>& chunks;
};

// The refusal names its cause (`error_prefix`) and leaves the v1 cache of 40
// profiles exactly as it was (`probe` still stored as `probe_body`).
void expect_refused_unchanged(store::KioskStore& s, const std::filesystem::path& db, const Offered& offered,
                              const std::string& error_prefix, const std::string& probe,
                              const std::string& probe_body) {
  auto outcome = s.downlink().apply_snapshot(offered.manifest, offered.chunks);
  REQUIRE_FALSE(outcome);
  CHECK_MESSAGE(outcome.error().message().rfind(error_prefix, 0) == 0, outcome.error().message());
  CHECK(s.downlink().snapshot_version() == 1);
  CHECK(s.profiles().count() == 40);
  CHECK(stored_body(db, probe) == probe_body);
  CHECK_FALSE(s.profiles().find(key_of(3, "new")));
}

// Chunk 2's last record replaced by chunk 0's first: counts still agree.
std::vector<std::string> with_duplicate_key(std::vector<std::string> chunks) {
  auto first = lines_of(chunks[0]);
  auto last = lines_of(chunks[2]);
  chunks[2] = "";
  for (std::size_t i = 0; i + 1 < last.size(); ++i) chunks[2] += last[i] + "\n";
  chunks[2] += first[0] + "\n";
  return chunks;
}

// `chunks` with the member key on line `line` of chunk `chunk` rewritten by `edit`.
template <class Edit>
std::vector<std::string> with_key_edited(std::vector<std::string> chunks, std::size_t chunk, std::size_t line,
                                         Edit edit) {
  auto lines = lines_of(chunks[chunk]);
  auto bad = models::decode_profile(lines[line]);
  REQUIRE(bad.has_value());
  edit(bad->member_key);
  lines[line] = models::encode_profile(*bad);
  chunks[chunk] = "";
  for (const auto& l : lines) chunks[chunk] += l + "\n";
  return chunks;
}

}  // namespace

TEST_CASE("the stored profile body is the received line, byte for byte, and scans decode it") {
  TempDir dir;
  store::KioskStore s(dir / "kiosk.db", options());
  const auto ps = profiles(120, "star");
  auto snap = snapshot(dir, 1, ps, 50);
  REQUIRE(snap.chunks.size() == 3);
  auto outcome = s.downlink().apply_snapshot(snap.manifest, snap.chunks);
  REQUIRE_MESSAGE(outcome, (outcome ? "" : outcome.error().message()));
  CHECK(s.profiles().count() == 120);

  std::size_t checked = 0;
  for (const auto& chunk : snap.chunks) {
    for (const auto& line : lines_of(chunk)) {
      auto decoded = models::decode_profile(line);
      REQUIRE(decoded.has_value());
      const auto& key = decoded->member_key;
      CHECK(stored_body(dir / "kiosk.db", key) == line);
      auto found = s.profiles().find(key);
      REQUIRE(found);
      CHECK(models::encode_profile(*found) == line);  // the line was the canonical encoding
      ++checked;
    }
  }
  CHECK(checked == 120);
  auto p7 = s.profiles().find(key_of(7));
  REQUIRE(p7);
  CHECK(p7->total_spend_krw == 7000);
  CHECK(p7->gender == "M");
  REQUIRE(p7->preferences.size() == 2);
  CHECK(p7->preferences[1].category == "식품 \"신선\"");
  CHECK(p7->preferences[1].index == doctest::Approx(12.5));
}

TEST_CASE("bad snapshots are refused with a named error and the cache is unchanged") {
  TempDir dir;
  store::KioskStore s(dir / "kiosk.db", options());
  auto v1 = snapshot(dir, 1, profiles(40, "star", "old"), 20);
  REQUIRE(s.downlink().apply_snapshot(v1.manifest, v1.chunks));
  const std::string probe = key_of(3, "old");
  const std::string probe_body = stored_body(dir / "kiosk.db", probe);
  REQUIRE_FALSE(probe_body.empty());

  const auto good = snapshot(dir, 2, profiles(60, "butterfly", "new"), 20);
  auto expect_refused = [&](const models::SnapshotManifest& m, const std::vector<std::string>& chunks,
                            const std::string& error_prefix) {
    expect_refused_unchanged(s, dir / "kiosk.db", {m, chunks}, error_prefix, probe, probe_body);
  };

  SUBCASE("invalid JSON in a line") {
    auto chunks = good.chunks;
    chunks[2].insert(chunks[2].find('\n') + 1, "{\"key\": oops}\n");
    auto m = good.manifest;
    m.chunks[2].records += 1;
    m.record_count += 1;
    expect_refused(m, chunks, "chunk 2: line 2: profile");
  }
  SUBCASE("a version not newer than the cached one") {
    auto m = good.manifest;
    m.version = 1;
    expect_refused(m, good.chunks, "manifest.version");
  }
  SUBCASE("another store's snapshot") {
    auto m = good.manifest;
    m.store_id = "S002";
    expect_refused(m, good.chunks, "manifest.store_id");
  }
  SUBCASE("a chunk missing") {
    auto chunks = good.chunks;
    chunks.pop_back();
    expect_refused(good.manifest, chunks, "chunks: count differs");
  }
  SUBCASE("a chunk with fewer records than the manifest says") {
    auto chunks = good.chunks;
    chunks[1] = chunks[1].substr(0, chunks[1].find('\n') + 1);
    expect_refused(good.manifest, chunks, "chunk 1: record count differs");
  }
  SUBCASE("a chunk with more records than the manifest says") {
    auto chunks = good.chunks;
    chunks[0] += lines_of(good.chunks[1])[0] + "\n";
    expect_refused(good.manifest, chunks, "chunk 0: record count differs");
  }
  SUBCASE("record_count disagrees with the chunks") {
    auto m = good.manifest;
    m.record_count += 5;
    expect_refused(m, good.chunks, "manifest.record_count");
  }
  SUBCASE("the same member key in two chunks") {
    expect_refused(good.manifest, with_duplicate_key(good.chunks), "chunks: duplicate member keys");
  }
  SUBCASE("a member_key that is not a key (a raw card number)") {
    auto chunks = with_key_edited(good.chunks, 1, 4, [](std::string& key) { key = "1234567890123456"; });
    expect_refused(good.manifest, chunks, "chunk 1: line 5: profile.key");
  }
  SUBCASE("an upper-case hex key") {
    auto chunks = with_key_edited(good.chunks, 0, 0, [](std::string& key) {
      std::transform(key.begin(), key.end(), key.begin(),
                     [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    });
    expect_refused(good.manifest, chunks, "chunk 0: line 1: profile.key");
  }

  // After any refusal the good snapshot still applies.
  auto outcome = s.downlink().apply_snapshot(good.manifest, good.chunks);
  REQUIRE_MESSAGE(outcome, (outcome ? "" : outcome.error().message()));
  CHECK(s.profiles().count() == 60);
  CHECK(s.profiles().find(key_of(3, "new"))->tier == "butterfly");
  CHECK_FALSE(s.profiles().find(probe));
}

TEST_CASE("between staging batches a scan on another thread is served from the old snapshot") {
  TempDir dir;
  std::function<void(std::size_t)> on_staged;  // set once the store exists
  store::StoreOptions o = options();
  o.on_chunk_staged = [&](std::size_t chunk) {
    if (on_staged) on_staged(chunk);
  };
  store::KioskStore s(dir / "kiosk.db", o);
  auto v1 = snapshot(dir, 1, profiles(30, "star"), 30);
  REQUIRE(s.downlink().apply_snapshot(v1.manifest, v1.chunks));

  auto v2 = snapshot(dir, 2, profiles(3'000, "butterfly"), 500);
  std::size_t hooks = 0;
  std::size_t old_served = 0;
  on_staged = [&](std::size_t chunk) {
    CHECK(chunk == hooks);
    ++hooks;
    // The applying thread does not hold the store: another thread's scan
    // completes now, and still sees the old profile (staged rows are not live).
    auto scan = std::async(std::launch::async, [&] { return s.profiles().find(key_of(5)); });
    REQUIRE(scan.wait_for(std::chrono::seconds(10)) == std::future_status::ready);
    auto p = scan.get();
    REQUIRE(p);
    if (p->tier == "star") ++old_served;
  };
  auto outcome = s.downlink().apply_snapshot(v2.manifest, v2.chunks);
  REQUIRE_MESSAGE(outcome, (outcome ? "" : outcome.error().message()));
  CHECK(hooks == v2.manifest.chunks.size());
  CHECK(old_served == hooks);
  CHECK(s.profiles().find(key_of(5))->tier == "butterfly");
  CHECK(s.profiles().count() == 3'000);
  CHECK(s.integrity_ok());
}

TEST_CASE("a FULL-sync store applies too, and the swap survives reopening") {
  TempDir dir;
  auto full = options();
  full.synchronous_full = true;
  auto v1 = snapshot(dir, 1, profiles(500, "star"), 100);
  {
    store::KioskStore s(dir / "kiosk.db", full);
    auto outcome = s.downlink().apply_snapshot(v1.manifest, v1.chunks);
    REQUIRE_MESSAGE(outcome, (outcome ? "" : outcome.error().message()));
  }
  store::KioskStore s(dir / "kiosk.db", full);
  CHECK(s.downlink().snapshot_version() == 1);
  CHECK(s.profiles().count() == 500);
  CHECK(s.profiles().find(key_of(499))->tier == "star");
  CHECK(s.integrity_ok());
}
