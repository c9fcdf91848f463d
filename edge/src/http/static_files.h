#pragma once
// The staff and entrance pages from edge/web: a fixed set of file types, no
// directory walking, nothing outside the web folder.
#include <filesystem>
#include <optional>
#include <string>

namespace smartstore::edge::http {

struct StaticFile {
  std::string content_type;
  std::string body;
};

[[nodiscard]] std::optional<StaticFile> load_static_file(const std::filesystem::path& web_dir, std::string_view path);

}  // namespace smartstore::edge::http
