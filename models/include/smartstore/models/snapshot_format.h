#pragma once
// The profile snapshot HQ builds for one store: a directory holding
// manifest.json and chunk files of JSON lines (one profile per line). The same
// manifest and chunk bytes travel over MQTT, so a kiosk verifies exactly what
// the batch wrote. docs/snapshot-format.md is the prose form of this file.
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "smartstore/common/result.h"
#include "smartstore/models/profile.h"

namespace smartstore::models {

inline constexpr int kSnapshotSchemaVersion = 1;
inline constexpr std::size_t kDefaultChunkRecords = 5000;

struct SnapshotChunkInfo {
  std::uint32_t index = 0;
  std::uint64_t records = 0;
  std::string sha256;  // hex of the chunk file's bytes
};

struct SnapshotManifest {
  int schema = kSnapshotSchemaVersion;
  std::string store_id;
  std::int64_t version = 0;  // monotonically increasing per store
  std::string created_at;    // ISO 8601 UTC
  std::uint64_t record_count = 0;
  std::vector<SnapshotChunkInfo> chunks;
  std::string checksum;  // sha256 hex over the chunk hashes in order
  PreferenceModel preference_model;
};

[[nodiscard]] std::string chunk_file_name(std::uint32_t index);  // "chunk-000000.jsonl"
[[nodiscard]] std::string sha256_hex(std::string_view bytes);
[[nodiscard]] std::string manifest_checksum(const std::vector<SnapshotChunkInfo>& chunks);

[[nodiscard]] std::string encode_profile(const CustomerProfile& p);  // one JSON line, no '\n'
// encode_profile(p) + '\n' appended to out: chunk bytes without a string per record.
void append_profile_line(std::string& out, const CustomerProfile& p);
// Readers fail with an Error of origin "snapshot": kind invalid_input (or
// unsupported for another manifest schema), message "where: what was wrong"
// ("profile.key: expected a string", "line 5: profile.days: ...").
[[nodiscard]] Result<CustomerProfile> decode_profile(std::string_view json_line);
[[nodiscard]] std::string encode_manifest(const SnapshotManifest& m);

// JSON text spelled as the profile writer spells it, for other writers of
// records HQ reads (the kiosk's journal and outbox rows): RFC 8259, and for
// valid UTF-8 the same bytes nlohmann's dump() gives (invalid UTF-8 becomes
// U+FFFD where dump() would throw). Doubles: shortest round trip, ".0" on
// whole numbers, null for NaN and infinities.
void append_json_string(std::string& out, std::string_view s);
void append_json_double(std::string& out, double v);
void append_json_int(std::string& out, std::int64_t v);
[[nodiscard]] Result<SnapshotManifest> decode_manifest(std::string_view json);

// Decodes a whole chunk (JSON lines), failing on the first bad line.
[[nodiscard]] Result<std::vector<CustomerProfile>> decode_chunk(std::string_view bytes);

// Writes profiles into dir (created) as chunks + manifest.json; computes
// hashes. Every file is created 0600 before data is written. Throws
// std::system_error when a file cannot be written (full disk, no permission).
[[nodiscard]] SnapshotManifest write_snapshot(const std::filesystem::path& dir, const std::string& store_id,
                                              std::int64_t version,
                                              const std::vector<CustomerProfile>& profiles,
                                              const PreferenceModel& model,
                                              std::size_t chunk_records = kDefaultChunkRecords);

// The same in pieces, for writers that encode chunks in parallel (the HQ
// batch): each chunk file on its own (any order, any thread; dir must exist),
// then the manifest over all of them (sorted by index; written last via a
// temporary file and rename; chunk files beyond the last index removed).
// Both create files 0600 and throw std::system_error like write_snapshot.
[[nodiscard]] SnapshotChunkInfo write_snapshot_chunk(const std::filesystem::path& dir, std::uint32_t index,
                                                     std::string_view bytes, std::uint64_t records);
[[nodiscard]] SnapshotManifest write_snapshot_manifest(const std::filesystem::path& dir,
                                                       const std::string& store_id, std::int64_t version,
                                                       std::vector<SnapshotChunkInfo> chunks,
                                                       const PreferenceModel& model);

// Reads manifest.json and checks every chunk's hash and record count (its
// non-empty lines against the manifest's `records`); the error names the file
// (not_found for a missing manifest or chunk).
[[nodiscard]] Result<SnapshotManifest> verify_snapshot_dir(const std::filesystem::path& dir);

}  // namespace smartstore::models
