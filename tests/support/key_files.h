#pragma once
// What firmware-config/provision.sh makes for a kiosk: 32 random bytes, 0600.
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>

namespace smartstore::testing {

inline void provision_key(const std::filesystem::path& file) {
  std::filesystem::create_directories(file.parent_path());
  std::random_device rd;
  std::string bytes;
  for (int i = 0; i < 32; ++i) bytes.push_back(static_cast<char>(rd() & 0xffU));
  std::ofstream(file, std::ios::binary) << bytes;
  ::chmod(file.c_str(), 0600);
}

}  // namespace smartstore::testing
