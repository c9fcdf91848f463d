#include "hq/file_bytes.h"

#include <fstream>
#include <sstream>

namespace smartstore::sync::detail {

Result<std::string> read_file_bytes(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return fail(ErrorKind::storage_io, "cannot read " + file.string(), "hq");
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (in.bad()) return fail(ErrorKind::storage_io, "cannot read " + file.string(), "hq");
  return std::move(bytes).str();
}

}  // namespace smartstore::sync::detail
