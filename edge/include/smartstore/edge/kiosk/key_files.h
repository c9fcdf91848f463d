#pragma once
// Reading the kiosk's key files. Errors name the file and what is wrong, never
// the key material.
#include <array>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "smartstore/common/result.h"

namespace smartstore::edge::kiosk {

struct KeyFile {
  std::vector<unsigned char> bytes;
  std::string warning;  // e.g. readable by others: logged, not fatal
};

// A secret key file: raw bytes, at least `min_bytes`. A group/world-readable
// file is read but warned about (provisioning should make it 0600). Fails
// with not_found (missing), storage_io (unreadable) or invalid_input (short).
[[nodiscard]] Result<KeyFile> read_secret_key(const std::filesystem::path& file, std::size_t min_bytes);

// HQ's Ed25519 public key: 32 raw bytes, 64 hex digits, or a PEM "PUBLIC KEY".
[[nodiscard]] Result<std::array<unsigned char, 32>> read_ed25519_public_key(
    const std::filesystem::path& file);

}  // namespace smartstore::edge::kiosk
