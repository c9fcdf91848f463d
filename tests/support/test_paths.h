#pragma once
// Where tests find the repository's data and the built programs, and a
// temporary directory that cleans itself up.
#include <filesystem>
#include <string>

namespace smartstore::testing {

std::filesystem::path source_dir();
std::filesystem::path binary_dir();
// tests/data/<relative>: the shared data sets copied into the repository.
std::filesystem::path data_path(const std::string& relative);
// A built program, e.g. program("smartstored") -> build/ci/edge/smartstored.
std::filesystem::path program(const std::string& name);

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

void write_file(const std::filesystem::path& file, const std::string& content);
std::string read_file(const std::filesystem::path& file);

}  // namespace smartstore::testing
