#pragma once
// Internal: a staged snapshot version's chunk files as the apply reads them
// (sync::SnapshotChunks): whole chunks for its first pass, single lines by
// position for its second. Made by SnapshotStage::take_if_complete, which
// verified every file first and pins the version until this is destroyed.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "smartstore/sync/snapshot_chunks.h"

namespace smartstore::sync::detail {

class SnapshotStage;

// A file's bytes, or nullopt when it cannot be opened or read.
std::optional<std::string> read_staged_file(const std::filesystem::path& file);

class StagedChunks final : public SnapshotChunks {
 public:
  StagedChunks(SnapshotStage& stage, std::int64_t version, std::filesystem::path dir, std::size_t count);
  ~StagedChunks() override;
  StagedChunks(const StagedChunks&) = delete;
  StagedChunks& operator=(const StagedChunks&) = delete;

  [[nodiscard]] std::size_t size() const override { return count_; }
  [[nodiscard]] Result<std::string> read(std::size_t index) override;
  Status read_at(std::size_t index, std::uint64_t offset, std::span<char> out) override;

 private:
  [[nodiscard]] std::filesystem::path file(std::size_t index) const;
  Result<int> descriptor(std::size_t index);

  SnapshotStage& stage_;
  std::int64_t version_;
  std::filesystem::path dir_;
  std::size_t count_;
  // Descriptors kept open for the second pass, which reads lines from every
  // chunk in key order; at most kMaxOpen at once, the oldest closed first.
  std::vector<int> fds_;
  std::vector<std::size_t> opened_;  // indices in fds_, in opening order
  std::size_t oldest_ = 0;           // next in opened_ to close
};

}  // namespace smartstore::sync::detail
