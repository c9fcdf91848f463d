#include "smartstore/edge/kiosk/key_files.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <sys/stat.h>

#include <fstream>
#include <iterator>

namespace smartstore::edge::kiosk {
namespace {
std::optional<std::string> slurp(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  return std::string(std::istreambuf_iterator<char>(in), {});
}
}  // namespace

Result<KeyFile> read_secret_key(const std::filesystem::path& file, std::size_t min_bytes) {
  KeyFile k;
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0)
    return fail(ErrorKind::not_found,
                file.string() + ": key file missing (provision it with firmware-config/provision.sh)",
                "config");
  if ((st.st_mode & 077) != 0)
    k.warning = file.string() + ": key file is accessible by others (chmod 600 it)";
  auto text = slurp(file);
  if (!text) return fail(ErrorKind::storage_io, file.string() + ": cannot read key file", "config");
  if (text->size() < min_bytes)
    return fail(ErrorKind::invalid_input,
                file.string() + ": key too short (expected at least " + std::to_string(min_bytes) + " bytes)",
                "config");
  k.bytes.assign(text->begin(), text->end());
  return k;
}

Result<std::array<unsigned char, 32>> read_ed25519_public_key(const std::filesystem::path& file) {
  auto text = slurp(file);
  if (!text) return fail(ErrorKind::storage_io, file.string() + ": cannot read HQ public key", "config");
  std::array<unsigned char, 32> key{};
  if (text->size() == 32) {
    std::copy(text->begin(), text->end(), key.begin());
    return key;
  }
  std::string trimmed = *text;
  while (!trimmed.empty() && (trimmed.back() == '\n' || trimmed.back() == '\r')) trimmed.pop_back();
  if (trimmed.size() == 64 && trimmed.find_first_not_of("0123456789abcdefABCDEF") == std::string::npos) {
    for (std::size_t i = 0; i < 32; ++i)
      key[i] = static_cast<unsigned char>(std::stoi(trimmed.substr(2 * i, 2), nullptr, 16));
    return key;
  }
  BIO* bio = BIO_new_mem_buf(text->data(), static_cast<int>(text->size()));
  EVP_PKEY* pkey = PEM_read_bio_PUBKEY(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  std::size_t len = key.size();
  const bool ok = pkey != nullptr && EVP_PKEY_id(pkey) == EVP_PKEY_ED25519 &&
                  EVP_PKEY_get_raw_public_key(pkey, key.data(), &len) == 1 && len == 32;
  EVP_PKEY_free(pkey);
  if (!ok)
    return fail(ErrorKind::invalid_input,
                file.string() + ": not an Ed25519 public key (32 raw bytes, 64 hex digits or PEM)", "config");
  return key;
}

}  // namespace smartstore::edge::kiosk
