#pragma once
// Internal: what HQ keeps of each snapshot it publishes (a compact digest per
// profile) and the delta between a kept snapshot and a new one: the profiles
// to upsert (their lines, byte for byte as the batch wrote them) and the
// member keys to remove (erased members and members who left the store).
#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "smartstore/common/result.h"
#include "smartstore/models/snapshot_format.h"

namespace smartstore::sync::detail {

// One profile as HQ remembers it: the member key (32 raw bytes of its 64 hex
// digits) and the first 8 bytes of the sha256 of its line.
struct ProfileDigest {
  std::array<unsigned char, 32> key{};
  std::uint64_t line_hash = 0;
  friend bool operator<(const ProfileDigest& a, const ProfileDigest& b) { return a.key < b.key; }
};
// Sorted by key; stored as 40 bytes per profile (about 40 MB per million).
using DigestTable = std::vector<ProfileDigest>;
inline constexpr std::size_t kPackedDigestBytes = 40;
[[nodiscard]] std::string pack_digests(const DigestTable& table);
// invalid_input when the bytes are not whole, sorted records.
[[nodiscard]] Result<DigestTable> unpack_digests(std::string_view bytes);

// A verified snapshot directory read into memory, its lines indexed by key.
struct SnapshotLines {
  models::SnapshotManifest manifest;
  std::string manifest_text;
  std::vector<std::string> chunks;  // each chunk file's bytes, in order
  std::uint64_t bytes = 0;          // the manifest and every chunk: what a full publish sends
  struct Line {
    ProfileDigest digest;
    std::string_view text;  // into chunks, without the '\n'
  };
  std::vector<Line> lines;  // sorted by key
};
// invalid_input naming the file and line: a snapshot that does not verify, a
// line without a 64-hex "key", a key twice.
[[nodiscard]] Result<SnapshotLines> read_snapshot_lines(const std::filesystem::path& dir);
[[nodiscard]] DigestTable digests_of(const SnapshotLines& snapshot);

struct SnapshotDelta {
  std::int64_t base_version = 0, version = 0;
  std::vector<std::string_view> upserts;  // lines of the new snapshot, into its chunks
  std::vector<std::string> removed;       // member keys (64 hex)
  std::uint64_t bytes = 0;                // the delta message's body, as body_json() writes it
};
[[nodiscard]] SnapshotDelta compute_delta(const DigestTable& base, std::int64_t base_version,
                                          const SnapshotLines& next);
// {"base_version","version","upserts":[lines],"removed":[keys]} (docs/sync-protocol.md).
[[nodiscard]] std::string delta_body_json(const SnapshotDelta& delta);
[[nodiscard]] std::string key_hex(const std::array<unsigned char, 32>& key);

}  // namespace smartstore::sync::detail
