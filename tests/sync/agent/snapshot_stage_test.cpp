// The agent's on-disk snapshot staging: chunks are checked against their
// envelope and the manifest when they arrive, and anything read back after a
// restart is hashed again, so a chunk torn by
// a power cut is dropped and re-requested rather than applied.
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <filesystem>
#include <set>
#include <thread>

#include "../../../sync/src/agent/snapshot_stage.h"
#include "smartstore/models/snapshot_format.h"
#include "support/test_paths.h"

using namespace smartstore;
using smartstore::testing::TempDir;

namespace {

constexpr std::uint64_t kBudget = 1u << 20;

struct Published {
  models::SnapshotManifest manifest;
  std::string text;
  std::vector<std::string> chunks;
};

Published publish(std::int64_t version, int chunks) {
  Published p;
  p.manifest.store_id = "S001";
  p.manifest.version = version;
  p.manifest.created_at = "2026-11-20T01:00:00Z";
  for (int c = 0; c < chunks; ++c) {
    std::string bytes;
    for (int i = 0; i < 3; ++i) {
      models::CustomerProfile prof;
      prof.member_key =
          models::sha256_hex("stage" + std::to_string(version) + "-" + std::to_string(c * 3 + i));
      prof.tier = "star";
      models::append_profile_line(bytes, prof);
    }
    p.manifest.chunks.push_back({static_cast<std::uint32_t>(c), 3, models::sha256_hex(bytes)});
    p.chunks.push_back(bytes);
  }
  p.manifest.record_count = 3 * static_cast<std::uint64_t>(chunks);
  p.manifest.checksum = models::manifest_checksum(p.manifest.chunks);
  p.text = models::encode_manifest(p.manifest);
  return p;
}

std::vector<std::string> read_all(sync::SnapshotChunks& chunks) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < chunks.size(); ++i) {
    auto bytes = chunks.read(i);
    REQUIRE(bytes.has_value());
    out.push_back(std::move(*bytes));
  }
  return out;
}

unsigned mode_of(const std::filesystem::path& f) {
  struct stat st {};
  REQUIRE(::stat(f.c_str(), &st) == 0);
  return st.st_mode & 0777U;
}

}  // namespace

TEST_CASE("chunks checked on arrival come back byte for byte, private on disk") {
  TempDir dir;
  auto p = publish(4, 3);
  sync::detail::SnapshotStage stage(dir / "staging", kBudget);
  stage.put_manifest(p.manifest, p.text);
  CHECK(stage.put_chunk(4, 0, p.manifest.chunks[0].sha256, p.chunks[0]).has_value());
  CHECK(stage.put_chunk(4, 2, p.manifest.chunks[2].sha256, p.chunks[2]).has_value());
  CHECK_FALSE(stage.take_if_complete(4));
  CHECK(stage.missing(4) == std::vector<std::uint32_t>{1});
  CHECK(stage.put_chunk(4, 1, p.manifest.chunks[1].sha256, p.chunks[1]).has_value());
  auto complete = stage.take_if_complete(4);
  REQUIRE(complete);
  CHECK(read_all(*complete->chunks) == p.chunks);
  CHECK(complete->manifest.checksum == p.manifest.checksum);
  CHECK(mode_of(dir / "staging") == 0700U);
  CHECK(mode_of(dir / "staging/v4" / models::chunk_file_name(1)) == 0600U);
  stage.remove(4);
  CHECK_FALSE(std::filesystem::exists(dir / "staging/v4"));
}

TEST_CASE("a chunk that does not match its envelope or the manifest is refused on arrival") {
  TempDir dir;
  auto p = publish(5, 2);
  sync::detail::SnapshotStage stage(dir / "staging", kBudget);
  stage.put_manifest(p.manifest, p.text);
  auto corrupt = p.chunks[1];
  corrupt[10] ^= 0x20;
  CHECK(stage.put_chunk(5, 1, p.manifest.chunks[1].sha256, corrupt)
            .error()
            .message()
            .find("does not match its envelope") != std::string::npos);
  // Consistent with its envelope (re-hashed in transit) but not what the manifest names.
  CHECK(stage.put_chunk(5, 1, models::sha256_hex(corrupt), corrupt)
            .error()
            .message()
            .find("does not match the manifest") != std::string::npos);
  CHECK(stage.put_chunk(5, 7, p.manifest.chunks[1].sha256, p.chunks[1])
            .error()
            .message()
            .find("beyond the manifest") != std::string::npos);
  CHECK(stage.missing(5) == std::vector<std::uint32_t>{0, 1});
}

TEST_CASE("a chunk is staged only for an announced version and index, within the byte budget") {
  TempDir dir;
  auto p = publish(6, 2);
  sync::detail::SnapshotStage stage(dir / "staging", p.chunks[0].size() + p.text.size() + 1);
  auto refused = stage.put_chunk(6, 0, p.manifest.chunks[0].sha256, p.chunks[0]);
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().kind() == ErrorKind::conflict);
  CHECK(refused.error().message().find("no manifest announced v6") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir / "staging/v6"));
  stage.put_manifest(p.manifest, p.text);
  CHECK(stage.put_chunk(6, 0, p.manifest.chunks[0].sha256, p.chunks[0]).has_value());
  CHECK(stage.put_chunk(6, 0, p.manifest.chunks[0].sha256, p.chunks[0]).has_value());  // replaced, not added
  auto over = stage.put_chunk(6, 1, p.manifest.chunks[1].sha256, p.chunks[1]);
  REQUIRE_FALSE(over.has_value());
  CHECK(over.error().kind() == ErrorKind::storage_full);
  CHECK_FALSE(std::filesystem::exists(dir / "staging/v6" / models::chunk_file_name(1)));
}

TEST_CASE("after a restart every staged chunk is hashed again: a torn one is dropped and re-requested") {
  TempDir dir;
  auto p = publish(7, 3);
  {
    sync::detail::SnapshotStage stage(dir / "staging", kBudget);
    stage.put_manifest(p.manifest, p.text);
    for (std::uint32_t i = 0; i < 3; ++i)
      REQUIRE(stage.put_chunk(7, i, p.manifest.chunks[i].sha256, p.chunks[i]).has_value());
  }
  // What a power cut can leave behind: the rename reached the disk, the data did not.
  const auto torn = dir / "staging/v7" / models::chunk_file_name(2);
  std::filesystem::resize_file(torn, 0);

  sync::detail::SnapshotStage restarted(dir / "staging", kBudget);
  CHECK(restarted.staged_versions() == std::vector<std::int64_t>{7});
  CHECK_FALSE(restarted.take_if_complete(7));
  CHECK(restarted.missing(7) == std::vector<std::uint32_t>{2});
  CHECK(restarted.put_chunk(7, 2, p.manifest.chunks[2].sha256, p.chunks[2]).has_value());
  auto complete = restarted.take_if_complete(7);
  REQUIRE(complete);
  CHECK(read_all(*complete->chunks) == p.chunks);
}

TEST_CASE("the same manifest sent again makes every chunk be checked once more") {
  TempDir dir;
  auto p = publish(8, 2);
  sync::detail::SnapshotStage stage(dir / "staging", kBudget);
  stage.put_manifest(p.manifest, p.text);
  for (std::uint32_t i = 0; i < 2; ++i)
    REQUIRE(stage.put_chunk(8, i, p.manifest.chunks[i].sha256, p.chunks[i]).has_value());
  // Changed on disk behind the stage's back, then the manifest is redelivered.
  testing::write_file(dir / "staging/v8" / models::chunk_file_name(0), "{}\n");
  stage.put_manifest(p.manifest, p.text);
  CHECK_FALSE(stage.take_if_complete(8));
  CHECK(stage.missing(8) == std::vector<std::uint32_t>{0});
}

TEST_CASE("a version being applied is read from its files and kept as verified until the apply ends") {
  TempDir dir;
  auto p = publish(9, 2);
  auto newer = publish(10, 1);
  sync::detail::SnapshotStage stage(dir / "staging", kBudget);
  stage.put_manifest(p.manifest, p.text);
  for (std::uint32_t i = 0; i < 2; ++i)
    REQUIRE(stage.put_chunk(9, i, p.manifest.chunks[i].sha256, p.chunks[i]).has_value());
  auto complete = stage.take_if_complete(9);
  REQUIRE(complete);
  // A line read back by position, as the apply's second pass does.
  std::string line(p.chunks[1].find('\n'), '\0');
  REQUIRE(complete->chunks->read_at(1, 0, line).has_value());
  CHECK(line == p.chunks[1].substr(0, line.size()));
  std::string beyond(8, '\0');
  auto past_end = complete->chunks->read_at(1, p.chunks[1].size() - 4, beyond);
  REQUIRE_FALSE(past_end.has_value());
  CHECK(past_end.error().message().find("staged chunk 1") != std::string::npos);

  // A newer manifest arriving mid-apply drops older versions, not this one;
  // a redelivered chunk or manifest of it is not written over the files.
  stage.put_manifest(newer.manifest, newer.text);
  CHECK(std::filesystem::exists(dir / "staging/v9" / models::chunk_file_name(0)));
  const auto before = std::filesystem::last_write_time(dir / "staging/v9" / models::chunk_file_name(0));
  CHECK(stage.put_chunk(9, 0, p.manifest.chunks[0].sha256, p.chunks[0]).has_value());
  stage.put_manifest(p.manifest, p.text);
  CHECK(std::filesystem::last_write_time(dir / "staging/v9" / models::chunk_file_name(0)) == before);
  CHECK(read_all(*complete->chunks) == p.chunks);
  complete.reset();
  stage.remove(9);
  CHECK_FALSE(std::filesystem::exists(dir / "staging/v9"));
  CHECK(std::filesystem::exists(dir / "staging/v10/manifest.json"));
}

TEST_CASE("re-requests left unanswered count up; a chunk arriving sets the count back") {
  TempDir dir;
  auto p = publish(7, 2);
  sync::detail::SnapshotStage stage(dir / "staging", kBudget);
  stage.put_manifest(p.manifest, p.text);
  CHECK(stage.unanswered(7) == 0);
  stage.requested(7);
  stage.requested(7);
  CHECK(stage.unanswered(7) == 2);
  REQUIRE(stage.put_chunk(7, 0, p.manifest.chunks[0].sha256, p.chunks[0]).has_value());
  CHECK(stage.unanswered(7) == 0);
  stage.requested(7);
  stage.remove(7);
  CHECK(stage.unanswered(7) == 0);
}

TEST_CASE("a store waits twice as long after each unanswered re-request, up to 64x, spread by store") {
  using std::chrono::milliseconds;
  using sync::detail::chunk_request_wait;
  const milliseconds base{5000};
  for (unsigned n = 0; n <= 8; ++n) {
    const auto floor = base * (1 << std::min(n, 6U));
    const auto wait = chunk_request_wait(base, n, "S0042");
    CHECK(wait >= floor);
    CHECK(wait < floor + floor / 4 + milliseconds(1));
  }
  // A thousand stores that missed the same publish do not all ask at the same moment.
  std::set<long long> first_waits;
  for (int s = 0; s < 1000; ++s)
    first_waits.insert(chunk_request_wait(base, 0, "S" + std::to_string(s)).count());
  CHECK(first_waits.size() > 500);
}

TEST_CASE(
    "arrivals are known only for what arrived in this process; a copy of a staged chunk is not written "
    "again") {
  TempDir dir;
  auto p = publish(7, 2);
  {
    sync::detail::SnapshotStage stage(dir / "staging", kBudget);
    CHECK_FALSE(stage.last_arrival(7).has_value());
    stage.put_manifest(p.manifest, p.text);
    REQUIRE(stage.last_arrival(7).has_value());
    const auto manifest_arrived = *stage.last_arrival(7);
    REQUIRE(stage.put_chunk(7, 0, p.manifest.chunks[0].sha256, p.chunks[0]).has_value());
    CHECK(*stage.last_arrival(7) >= manifest_arrived);
    const auto file = dir / "staging/v7" / smartstore::models::chunk_file_name(0);
    const auto written = std::filesystem::last_write_time(file);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    stage.requested(7);
    REQUIRE(stage.put_chunk(7, 0, p.manifest.chunks[0].sha256, p.chunks[0]).has_value());
    CHECK(std::filesystem::last_write_time(file) == written);
    CHECK(stage.unanswered(7) == 0);  // a copy arriving is still progress
  }
  // After a restart the staged version is found on disk, with no arrival.
  sync::detail::SnapshotStage again(dir / "staging", kBudget);
  CHECK(again.staged_versions() == std::vector<std::int64_t>{7});
  CHECK_FALSE(again.last_arrival(7).has_value());
}
