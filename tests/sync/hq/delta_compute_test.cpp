// ctest-labels: unit
// HQ's delta between a kept snapshot (its digests) and a new one: the lines
// that changed or are new, byte for byte as the batch wrote them, and the
// members that left (erased or gone); applied to the old snapshot's lines it
// gives exactly the new snapshot's lines.
#include <doctest/doctest.h>

#include <map>
#include <nlohmann/json.hpp>

#include "../../../sync/src/hq/snapshot_delta.h"
#include "sync/sync_fixture.h"

using namespace smartstore;
using namespace smartstore::testing;
namespace fs = std::filesystem;

namespace {

std::map<std::string, std::string> lines_by_key(const sync::detail::SnapshotLines& s) {
  std::map<std::string, std::string> out;
  for (const auto& l : s.lines) out[sync::detail::key_hex(l.digest.key)] = std::string(l.text);
  return out;
}

// The old lines with the delta's body applied, as a kiosk applies it.
std::map<std::string, std::string> applied(std::map<std::string, std::string> lines,
                                           const std::string& body) {
  auto j = nlohmann::json::parse(body);
  for (const auto& key : j["removed"]) lines.erase(key.get<std::string>());
  for (const auto& line : j["upserts"]) {
    auto p = models::decode_profile(line.get<std::string>());
    REQUIRE(p.has_value());
    lines[p->member_key] = line.get<std::string>();
  }
  return lines;
}

struct TwoNights {
  TempDir tmp;
  std::vector<models::CustomerProfile> before = make_profiles(300), after;
  sync::detail::SnapshotLines v1, v2;
  TwoNights() {
    after = before;
    for (std::size_t i : {3u, 50u, 299u}) after[i].total_spend_krw += 7;  // changed overnight
    after.erase(after.begin() + 120);                                     // erased member
    after.push_back(make_profiles(1, "new")[0]);                          // a new member
    (void)models::write_snapshot(tmp / "v1", "S001", 1, before, {}, 64);
    (void)models::write_snapshot(tmp / "v2", "S001", 2, after, {}, 64);
    auto a = sync::detail::read_snapshot_lines(tmp / "v1");
    auto b = sync::detail::read_snapshot_lines(tmp / "v2");
    REQUIRE(a.has_value());
    REQUIRE(b.has_value());
    v1 = std::move(*a);
    v2 = std::move(*b);
  }
};

}  // namespace

TEST_CASE("the delta holds exactly the changed and new lines and the members who left") {
  TwoNights n;
  auto delta = sync::detail::compute_delta(sync::detail::digests_of(n.v1), 1, n.v2);
  CHECK(delta.base_version == 1);
  CHECK(delta.version == 2);
  CHECK(delta.upserts.size() == 4);  // 3 changed + 1 new
  REQUIRE(delta.removed.size() == 1);
  CHECK(delta.removed[0] == n.before[120].member_key);
  const auto body = sync::detail::delta_body_json(delta);
  CHECK(delta.bytes == body.size());
  CHECK(delta.bytes < n.v2.bytes / 10);
  // Applied to the old lines: the new snapshot, byte for byte.
  CHECK(applied(lines_by_key(n.v1), body) == lines_by_key(n.v2));
  // The body is what nlohmann would write (the signature covers its dump()).
  CHECK(nlohmann::json::parse(body).dump() == body);
}

TEST_CASE("no change, no delta lines; everything changed, every line") {
  TwoNights n;
  auto same = sync::detail::compute_delta(sync::detail::digests_of(n.v2), 2, n.v2);
  CHECK(same.upserts.empty());
  CHECK(same.removed.empty());
  auto all = sync::detail::compute_delta({}, 1, n.v2);
  CHECK(all.upserts.size() == n.after.size());
  CHECK(all.bytes > n.v2.bytes / 2);
}

TEST_CASE("kept digests survive packing; torn or unsorted ones are refused") {
  TwoNights n;
  const auto table = sync::detail::digests_of(n.v1);
  const auto packed = sync::detail::pack_digests(table);
  CHECK(packed.size() == table.size() * sync::detail::kPackedDigestBytes);
  auto back = sync::detail::unpack_digests(packed);
  REQUIRE(back.has_value());
  REQUIRE(back->size() == table.size());
  for (std::size_t i = 0; i < table.size(); ++i) {
    CHECK(back->at(i).key == table[i].key);
    CHECK(back->at(i).line_hash == table[i].line_hash);
  }
  CHECK_FALSE(sync::detail::unpack_digests(packed.substr(0, packed.size() - 1)).has_value());
  std::string swapped = packed.substr(40, 40) + packed.substr(0, 40);
  CHECK_FALSE(sync::detail::unpack_digests(swapped).has_value());
}

TEST_CASE("a snapshot line without a member key is named by file and line") {
  TempDir tmp;
  std::string bytes = models::encode_profile(make_profiles(1)[0]) + "\n{\"spend\":1}\n";
  write_file(tmp / "chunk-000000.jsonl", bytes);
  models::SnapshotManifest m;
  m.store_id = "S001";
  m.version = 1;
  m.record_count = 2;
  m.chunks = {{0, 2, models::sha256_hex(bytes)}};
  m.checksum = models::manifest_checksum(m.chunks);
  write_file(tmp / "manifest.json", models::encode_manifest(m));
  auto read = sync::detail::read_snapshot_lines(tmp.path());
  REQUIRE_FALSE(read.has_value());
  CHECK(read.error().message().find("chunk-000000.jsonl line 2") != std::string::npos);
}
