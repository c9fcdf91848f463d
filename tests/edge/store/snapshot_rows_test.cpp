// ctest-labels: unit
// The apply's two passes over a snapshot's chunks: pass 1 keeps 24 bytes per
// line sorted by key, pass 2 reads the lines back in that order. A key
// spelled with JSON escapes, keys sharing their first 16 digits, and a chunk
// whose bytes change between the passes are each handled or refused by name.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>

#include "../../../edge/src/store/snapshot_rows.h"
#include "smartstore/edge/store/kiosk_store.h"
#include "support/test_paths.h"

using namespace smartstore;
using namespace smartstore::edge;
using smartstore::testing::TempDir;

namespace {

models::CustomerProfile profile(const std::string& key, std::int64_t spend) {
  models::CustomerProfile p;
  p.member_key = key;
  p.tier = "star";
  p.total_spend_krw = spend;
  return p;
}

struct Snapshot {
  models::SnapshotManifest manifest;
  std::vector<std::string> chunks;
};

// Chunks of the given lines, `per_chunk` lines each, and their manifest.
Snapshot snapshot_of(const std::vector<std::string>& lines, std::size_t per_chunk, std::int64_t version = 1) {
  Snapshot s;
  s.manifest.store_id = "S001";
  s.manifest.version = version;
  s.manifest.created_at = "2026-11-20T01:00:00Z";
  for (std::size_t at = 0; at < lines.size(); at += per_chunk) {
    std::string bytes;
    const std::size_t end = std::min(lines.size(), at + per_chunk);
    for (std::size_t i = at; i < end; ++i) bytes += lines[i] + "\n";
    s.manifest.chunks.push_back(
        {static_cast<std::uint32_t>(s.chunks.size()), end - at, models::sha256_hex(bytes)});
    s.chunks.push_back(bytes);
  }
  s.manifest.record_count = lines.size();
  s.manifest.checksum = models::manifest_checksum(s.manifest.chunks);
  return s;
}

// The line with its key's first digit written as a JSON \u escape.
std::string with_escaped_key(const models::CustomerProfile& p) {
  std::string line = models::encode_profile(p);
  const auto at = line.find("\"key\":\"") + 7;
  char escape[7];
  std::snprintf(escape, sizeof escape, "\\u%04x", static_cast<unsigned>(line[at]));
  return line.replace(at, 1, escape);
}

// Chunks as the agent's files would be if one changed after pass 1 read it.
class ChangedAfterFirstRead final : public sync::SnapshotChunks {
 public:
  ChangedAfterFirstRead(const std::vector<std::string>& first, const std::vector<std::string>& later)
      : first_(first), later_(later) {}
  [[nodiscard]] std::size_t size() const override { return first_.size(); }
  [[nodiscard]] Result<std::string> read(std::size_t index) override { return first_.read(index); }
  Status read_at(std::size_t index, std::uint64_t offset, std::span<char> out) override {
    return later_.read_at(index, offset, out);
  }

 private:
  sync::ChunksInMemory first_, later_;
};

}  // namespace

TEST_CASE("pass 1 keeps 24 bytes per line in key order; pass 2 reads the lines back in that order") {
  std::vector<models::CustomerProfile> ps;
  std::vector<std::string> lines;
  for (int i = 0; i < 50; ++i) {
    ps.push_back(profile(models::sha256_hex("rows" + std::to_string(i)), i));
    lines.push_back(i == 7 ? with_escaped_key(ps.back()) : models::encode_profile(ps.back()));
  }
  auto snap = snapshot_of(lines, 8);
  sync::ChunksInMemory chunks(snap.chunks);
  auto refs = edge::store::detail::index_snapshot_rows(snap.manifest, chunks, 3);
  REQUIRE_MESSAGE(refs.has_value(), (refs ? "" : refs.error().message()));
  REQUIRE(refs->size() == 50);
  CHECK(std::count_if(refs->begin(), refs->end(),
                      [](const auto& r) { return r.key_at == edge::store::detail::kKeyNotVerbatim; }) == 1);

  std::vector<std::string> keys;
  for (const auto& p : ps) keys.push_back(p.member_key);
  std::sort(keys.begin(), keys.end());
  edge::store::detail::SortedRows rows(chunks, *refs);
  std::vector<std::string> read_keys;
  while (rows.done() < refs->size()) {
    REQUIRE(rows.next_batch(6, 1 << 20).has_value());
    CHECK(rows.batch().size() <= 6);
    for (const auto& row : rows.batch()) {
      auto decoded = models::decode_profile(row.line);
      REQUIRE(decoded.has_value());
      CHECK(decoded->member_key == row.key);  // the escaped one too: its key decoded
      read_keys.emplace_back(row.key);
    }
  }
  CHECK(read_keys == keys);
}

TEST_CASE("keys sharing their first 16 digits are both kept; the same key twice is refused") {
  const std::string a = "0123456789abcdef" + models::sha256_hex("a").substr(16);
  const std::string b = "0123456789abcdef" + models::sha256_hex("b").substr(16);
  std::vector<std::string> lines = {models::encode_profile(profile(b, 1)),
                                    models::encode_profile(profile(a, 2)),
                                    models::encode_profile(profile(models::sha256_hex("c"), 3))};
  auto snap = snapshot_of(lines, 2);
  sync::ChunksInMemory chunks(snap.chunks);
  auto refs = edge::store::detail::index_snapshot_rows(snap.manifest, chunks, 2);
  REQUIRE(refs.has_value());
  CHECK(refs->size() == 3);

  lines.push_back(with_escaped_key(profile(a, 4)));  // the same key, spelled otherwise
  auto dup = snapshot_of(lines, 2);
  sync::ChunksInMemory dup_chunks(dup.chunks);
  auto refused = edge::store::detail::index_snapshot_rows(dup.manifest, dup_chunks, 2);
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().message() == "chunks: duplicate member keys (0123456789abcdef...)");
}

TEST_CASE("an escaped key is stored under its decoded key; a chunk changed between the passes is refused") {
  TempDir dir;
  store::KioskStore s(dir / "kiosk.db", store::StoreOptions{"S001", 1000, 30, false});
  std::vector<std::string> lines;
  for (int i = 0; i < 30; ++i) {
    auto p = profile(models::sha256_hex("apply" + std::to_string(i)), i);
    lines.push_back(i == 4 ? with_escaped_key(p) : models::encode_profile(p));
  }
  auto v1 = snapshot_of(lines, 10);
  REQUIRE(s.downlink().apply_snapshot(v1.manifest, v1.chunks));
  auto found = s.profiles().find(models::sha256_hex("apply4"));
  REQUIRE(found);
  CHECK(found->total_spend_krw == 4);

  auto v2 = snapshot_of(lines, 10, 2);
  auto later = v2.chunks;
  later[1][later[1].find("\"key\":\"") + 7] ^= 1;  // one key digit, after pass 1 hashed and read it
  ChangedAfterFirstRead changed(v2.chunks, later);
  auto outcome = s.downlink().apply_snapshot(v2.manifest, changed);
  REQUIRE_FALSE(outcome);
  CHECK(outcome.error().kind() == ErrorKind::storage_io);
  CHECK(outcome.error().message().find("chunk 1: the line at byte 0 changed on disk") != std::string::npos);
  CHECK(s.downlink().snapshot_version() == 1);
  CHECK(s.profiles().count() == 30);
  CHECK(s.integrity_ok());
}
