// fuzz-sources: models/src/snapshot_format.cpp
// fuzz-links: smartstore_common nlohmann_json::nlohmann_json OpenSSL::Crypto
// Snapshot chunks and manifests as they arrive from HQ: any bytes decode to
// profiles / a manifest or to a named error, never a crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "smartstore/models/snapshot_format.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace smartstore::models;
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  // A value, or an error that says what was wrong (Result never holds both).
  auto chunk = decode_chunk(bytes);
  if (!chunk && chunk.error().message().empty()) __builtin_trap();
  if (chunk)
    for (const auto& p : *chunk)
      if (!decode_profile(encode_profile(p))) __builtin_trap();
  auto manifest = decode_manifest(bytes);
  if (!manifest && manifest.error().message().empty()) __builtin_trap();
  return 0;
}
