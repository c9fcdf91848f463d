#include "support/test_paths.h"

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace smartstore::testing {

std::filesystem::path source_dir() { return SMARTSTORE_SOURCE_DIR; }
std::filesystem::path binary_dir() { return SMARTSTORE_BINARY_DIR; }
std::filesystem::path data_path(const std::string& relative) { return source_dir() / "tests" / "data" / relative; }

std::filesystem::path program(const std::string& name) {
  for (const char* part : {"edge", "sync", "scanner", "models", "bench"}) {
    auto p = binary_dir() / part / name;
    if (std::filesystem::exists(p)) return p;
  }
  throw std::runtime_error("program not built: " + name);
}

TempDir::TempDir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "smartstore-test-XXXXXX").string();
  if (mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  if (std::getenv("SMARTSTORE_KEEP_TEST_DIRS") == nullptr) std::filesystem::remove_all(path_, ec);
}

void write_file(const std::filesystem::path& file, const std::string& content) {
  std::filesystem::create_directories(file.parent_path());
  std::ofstream out(file, std::ios::binary);
  out << content;
  if (!out) throw std::runtime_error("cannot write " + file.string());
}

std::string read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace smartstore::testing
