#pragma once
// Reading the kiosk's key files. Errors name the file and what is wrong, never
// the key material.
#include <array>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace smartstore::edge::kiosk {

struct KeyFile {
  std::vector<unsigned char> bytes;
  std::string error;    // empty when bytes were read
  std::string warning;  // e.g. readable by others: logged, not fatal
};

// A secret key file: raw bytes, at least `min_bytes`. A group/world-readable
// file is read but warned about (provisioning should make it 0600).
[[nodiscard]] KeyFile read_secret_key(const std::filesystem::path& file, std::size_t min_bytes);

struct PublicKeyFile {
  std::optional<std::array<unsigned char, 32>> key;
  std::string error;
};
// HQ's Ed25519 public key: 32 raw bytes, 64 hex digits, or a PEM "PUBLIC KEY".
[[nodiscard]] PublicKeyFile read_ed25519_public_key(const std::filesystem::path& file);

}  // namespace smartstore::edge::kiosk
