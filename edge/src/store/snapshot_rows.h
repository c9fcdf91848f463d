#pragma once
// Internal to DownlinkApplier::apply_snapshot, which reads a snapshot in two
// passes so that no more than a few chunks and a small index are in memory:
// 1. index_snapshot_rows decodes every line with models::decode_profile (on
//    a few threads, a chunk each at a time) and keeps 24 bytes per line —
//    where it is and its key's first 16 hex digits — sorted by key;
// 2. SortedRows reads the lines back in that order, a batch at a time, so the
//    staging table's key index is filled in order (appends to its rightmost
//    leaf instead of random page splits).
// A line is stored as received: HQ's snapshot encoder wrote it, so it is
// already the profile body ProfileCache::find decodes.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "smartstore/common/result.h"
#include "smartstore/models/snapshot_format.h"
#include "smartstore/sync/snapshot_chunks.h"

namespace smartstore::edge::store::detail {

struct RowRef {
  std::uint64_t key_prefix = 0;  // the key's first 16 hex digits as a number: orders as the key does
  std::uint32_t chunk = 0;
  std::uint32_t offset = 0;  // of the line in its chunk
  std::uint32_t length = 0;
  std::uint32_t key_at = 0;  // of the key's 64 hex digits in the line, or kKeyNotVerbatim
};
static_assert(sizeof(RowRef) == 24);
// The line spells its key with JSON escapes: pass 2 decodes the line again.
inline constexpr std::uint32_t kKeyNotVerbatim = 0xFFFFFFFFU;

// Pass 1. Every line valid, each chunk holding the records its manifest entry
// says, no key twice: the rows sorted by key. Otherwise an error naming the
// chunk, line and field. Pure CPU and file reads: no lock needed.
[[nodiscard]] Result<std::vector<RowRef>> index_snapshot_rows(const models::SnapshotManifest& manifest,
                                                              sync::SnapshotChunks& chunks, unsigned threads);

// Pass 2: the indexed rows, read back in key order a batch at a time.
class SortedRows {
 public:
  struct Row {
    std::string_view key;   // 64 hex digits
    std::string_view line;  // the profile body
  };
  SortedRows(sync::SnapshotChunks& chunks, const std::vector<RowRef>& refs) : chunks_(chunks), refs_(refs) {}
  // Reads the next rows, up to `max_rows` and about `max_bytes`; the views
  // stay valid until the next call. Fails when a chunk no longer holds the
  // line it held in pass 1.
  Status next_batch(std::size_t max_rows, std::size_t max_bytes);
  [[nodiscard]] const std::vector<Row>& batch() const { return batch_; }
  [[nodiscard]] std::size_t done() const { return next_; }  // rows handed out so far

 private:
  sync::SnapshotChunks& chunks_;
  const std::vector<RowRef>& refs_;
  std::size_t next_ = 0;
  std::string bytes_;  // this batch's lines
  std::string keys_;   // keys decoded again (kKeyNotVerbatim)
  std::vector<Row> batch_;
};

// The 64-digit key of `line`, found where pass 1 saw it or decoded again.
[[nodiscard]] Result<std::string_view> row_key(const RowRef& ref, std::string_view line,
                                               std::string& decoded);

}  // namespace smartstore::edge::store::detail
