#include "static_files.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "smartstore/edge/http/http_server.h"

#ifndef SMARTSTORE_WEB_DIR
#define SMARTSTORE_WEB_DIR ""
#endif

namespace smartstore::edge::http {

std::filesystem::path default_web_dir() {
  if (const char* env = std::getenv("SMARTSTORE_WEB_DIR"); env && *env) return env;
  std::error_code ec;
  const std::filesystem::path built_in = SMARTSTORE_WEB_DIR;
  if (built_in.empty() || std::filesystem::is_directory(built_in, ec)) return built_in;
  // A program installed away from the tree it was built in (a build tree's
  // binary packed into a package, or `cmake --install --prefix`) finds the
  // pages where the install rules put them beside it: PREFIX/share/smartstore/web.
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return built_in;
  const auto beside = exe.parent_path().parent_path() / "share" / "smartstore" / "web";
  return std::filesystem::is_directory(beside, ec) ? beside : built_in;
}

std::optional<StaticFile> load_static_file(const std::filesystem::path& web_dir, std::string_view path) {
  if (web_dir.empty()) return std::nullopt;
  if (path == "/" || path.empty()) path = "/staff.html";
  if (path == "/entrance") path = "/entrance.html";
  if (path == "/staff") path = "/staff.html";
  std::string name(path.substr(1));
  // Flat names only: letters, digits, - _ and one dot before the extension.
  if (name.empty() || name.size() > 64) return std::nullopt;
  std::size_t dots = 0;
  for (char c : name) {
    if (c == '.') ++dots;
    else if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
      return std::nullopt;
  }
  if (dots != 1) return std::nullopt;
  const std::string ext = name.substr(name.find('.'));
  std::string type;
  if (ext == ".html") type = "text/html; charset=utf-8";
  else if (ext == ".js" || ext == ".mjs") type = "text/javascript; charset=utf-8";
  else if (ext == ".css") type = "text/css; charset=utf-8";
  else if (ext == ".svg") type = "image/svg+xml";
  else if (ext == ".png") type = "image/png";
  else if (ext == ".webmanifest") type = "application/manifest+json";
  else return std::nullopt;
  std::ifstream in(web_dir / name, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream s;
  s << in.rdbuf();
  return StaticFile{type, s.str()};
}

}  // namespace smartstore::edge::http
