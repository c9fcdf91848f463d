#pragma once
// Key files for tests: what firmware-config/provision.sh makes for a kiosk
// (32 random bytes, 0600), and a given deployment key in hex.
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

namespace smartstore::testing {

inline void provision_key(const std::filesystem::path& file) {
  std::filesystem::create_directories(file.parent_path());
  std::random_device rd;
  std::string bytes;
  for (int i = 0; i < 32; ++i) bytes.push_back(static_cast<char>(rd() & 0xffU));
  std::ofstream(file, std::ios::binary) << bytes;
  ::chmod(file.c_str(), 0600);
}

// A deployment key as smartstore-models reads one: the bytes in hex.
inline void write_hex_key(const std::filesystem::path& file, const std::vector<unsigned char>& key) {
  std::string hex;
  for (unsigned char b : key) hex += {"0123456789abcdef"[b >> 4], "0123456789abcdef"[b & 15]};
  std::ofstream(file, std::ios::binary) << hex;
}

}  // namespace smartstore::testing
