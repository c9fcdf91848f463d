#pragma once
// Internal: snapshot chunks staged on disk under the agent's staging_dir until
// every chunk of a version has arrived and matches the manifest. On disk, so a
// kiosk killed mid-snapshot keeps what it already received, and so the apply
// reads them from there (StagedChunks) instead of from memory.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "smartstore/common/result.h"
#include "smartstore/models/snapshot_format.h"
#include "smartstore/sync/snapshot_chunks.h"

namespace smartstore::sync::detail {

// Bounded by what HQ announced: a chunk is staged only for a version whose
// manifest is staged, only at an index the manifest lists, and only while the
// staging directory stays within max_bytes, so staging cannot fill the disk
// the journal needs.
class SnapshotStage {
 public:
  SnapshotStage(std::filesystem::path dir, std::uint64_t max_bytes);

  // Stored manifest text (already decoded by the caller). Drops older versions.
  void put_manifest(const models::SnapshotManifest& m, const std::string& text);
  // Stored, or why the chunk was refused: invalid_input (corrupt: re-request
  // it), conflict (no manifest announced the version), storage_full (over
  // the byte budget).
  Status put_chunk(std::int64_t version, std::uint32_t index, const std::string& sha256,
                   const std::string& data);

  struct Complete {
    models::SnapshotManifest manifest;
    // The staged files, read on demand. While it lives the version is pinned:
    // chunks and manifests arriving for it are not written and a newer
    // manifest does not delete it, so the files stay what was verified.
    std::unique_ptr<SnapshotChunks> chunks;
  };
  // All chunks present and verified (a chunk not checked by this process is
  // hashed now, one at a time): the version's files. Corrupt files are deleted.
  std::optional<Complete> take_if_complete(std::int64_t version);
  std::vector<std::uint32_t> missing(std::int64_t version);
  void remove(std::int64_t version);
  // Versions with a manifest staged (after a restart too), oldest first.
  std::vector<std::int64_t> staged_versions();
  std::chrono::steady_clock::time_point last_progress(std::int64_t version);
  // When the version's manifest or a chunk of it last arrived in this
  // process; nullopt for a version found staged at start.
  std::optional<std::chrono::steady_clock::time_point> last_arrival(std::int64_t version);
  // A re-request was sent: the clock restarts and the count of re-requests
  // since the last manifest or chunk arrived goes up (a chunk or manifest
  // arriving sets it back to 0).
  void requested(std::int64_t version);
  [[nodiscard]] unsigned unanswered(std::int64_t version);

 private:
  friend class StagedChunks;
  void unpin(std::int64_t version);
  std::filesystem::path version_dir(std::int64_t v) const;
  std::optional<models::SnapshotManifest> manifest_of(std::int64_t v);
  std::uint64_t staged_bytes() const;

  std::filesystem::path dir_;
  std::uint64_t max_bytes_;
  std::mutex mu_;
  std::map<std::int64_t, models::SnapshotManifest> manifests_;
  std::map<std::int64_t, std::chrono::steady_clock::time_point> progress_;
  std::map<std::int64_t, unsigned> unanswered_;
  std::map<std::int64_t, std::chrono::steady_clock::time_point> arrived_;
  // Chunks this process wrote after checking them against the manifest: not
  // hashed again when taken. After a restart every chunk is hashed from disk.
  std::map<std::int64_t, std::set<std::uint32_t>> verified_;
  std::set<std::int64_t> pinned_;  // versions a Complete is reading
};

// How long a store waits without progress before re-requesting a version's
// missing chunks: `base` doubled for every re-request left unanswered (at most
// 64x), plus up to a quarter more that depends on the store id. A thousand
// stores that all missed the same publish then ask again spread out and ever
// more slowly, instead of all at once every `base` while HQ and the broker
// are still busy with the first round.
[[nodiscard]] std::chrono::milliseconds chunk_request_wait(std::chrono::milliseconds base,
                                                           unsigned unanswered, std::string_view store_id);

}  // namespace smartstore::sync::detail
