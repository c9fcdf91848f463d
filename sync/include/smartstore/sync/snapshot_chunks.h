#pragma once
// The chunks of one snapshot version as an apply reads them: a chunk at a
// time, and then single lines again by position. The agent hands the apply
// its staged files (sync/src/agent/snapshot_stage.h), so a kiosk never holds
// a whole snapshot in memory: 1M profiles are ~450 MB of chunk bytes.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "smartstore/common/result.h"

namespace smartstore::sync {

class SnapshotChunks {
 public:
  virtual ~SnapshotChunks() = default;
  [[nodiscard]] virtual std::size_t size() const = 0;
  // Chunk `index`'s bytes, the ones its manifest entry hashes to. Callable
  // from several threads at once.
  [[nodiscard]] virtual Result<std::string> read(std::size_t index) = 0;
  // `out.size()` bytes of chunk `index` from `offset` (a line found by an
  // earlier read). One thread at a time.
  virtual Status read_at(std::size_t index, std::uint64_t offset, std::span<char> out) = 0;
};

// Chunks already in memory (tests, tools); the bytes are referenced, not copied.
class ChunksInMemory final : public SnapshotChunks {
 public:
  explicit ChunksInMemory(const std::vector<std::string>& chunks) : chunks_(chunks) {}
  [[nodiscard]] std::size_t size() const override { return chunks_.size(); }
  [[nodiscard]] Result<std::string> read(std::size_t index) override {
    if (index >= chunks_.size())
      return fail(ErrorKind::invalid_input, "no chunk " + std::to_string(index), "snapshot");
    return chunks_[index];
  }
  Status read_at(std::size_t index, std::uint64_t offset, std::span<char> out) override {
    if (index >= chunks_.size() || offset > chunks_[index].size() ||
        out.size() > chunks_[index].size() - offset)
      return fail(ErrorKind::invalid_input, "chunk " + std::to_string(index) + ": read beyond its end",
                  "snapshot");
    chunks_[index].copy(out.data(), out.size(), static_cast<std::size_t>(offset));
    return ok();
  }

 private:
  const std::vector<std::string>& chunks_;
};

}  // namespace smartstore::sync
