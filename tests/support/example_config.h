#pragma once
// The shipped firmware-config/kiosk.example.toml with its paths pointed into a
// test's directory (data in <dir>/data, keys and staff file under <dir>/etc),
// the broker switched off and HTTP on the given loopback port: the tests that
// start a real smartstored on the example.
#include <regex>
#include <string>

#include "support/test_paths.h"

namespace smartstore::testing {

inline std::string example_config_in(const TempDir& dir, int http_port) {
  std::string text = read_file(source_dir() / "firmware-config/kiosk.example.toml");
  text = std::regex_replace(text, std::regex("/var/lib/smartstore"), (dir / "data").string());
  text = std::regex_replace(text, std::regex("/etc/smartstore"), (dir / "etc").string());
  text = std::regex_replace(text, std::regex("\nenabled = true"), "\nenabled = false");
  return std::regex_replace(text, std::regex("127.0.0.1:8443"), "127.0.0.1:" + std::to_string(http_port));
}

// The same with one more scanner source of `kind` ("folder", "camera", ...) at `path`.
inline std::string example_config_with_source(const TempDir& dir, int http_port, const std::string& kind,
                                              const std::filesystem::path& path) {
  return example_config_in(dir, http_port) + "\n[[scanner.source]]\nkind = \"" + kind + "\"\npath = \"" +
         path.string() + "\"\n";
}

}  // namespace smartstore::testing
