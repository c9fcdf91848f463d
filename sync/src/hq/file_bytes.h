#pragma once
// Internal: the one whole-file reader of HQ's code (snapshots, catalogs,
// campaign files, the nightly's state).
#include <filesystem>
#include <string>

#include "smartstore/common/result.h"

namespace smartstore::sync::detail {

// The file's bytes, or storage_io naming the file when it cannot be opened or read.
[[nodiscard]] Result<std::string> read_file_bytes(const std::filesystem::path& file);

}  // namespace smartstore::sync::detail
