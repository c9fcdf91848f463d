// fuzz-sources: sync/src/envelope.cpp sync/src/topics.cpp sync/src/downlink_signature.cpp
// fuzz-links: nlohmann_json::nlohmann_json OpenSSL::Crypto smartstore_common smartstore_models
// Any bytes from the broker as a downlink envelope: decoded or refused with a
// reason, never a crash; an accepted envelope re-encodes and decodes again.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "smartstore/sync/envelope.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace smartstore::sync;
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto r = decode_envelope(bytes, "S001");
  if (r) {
    auto again = decode_envelope(encode_envelope(*r), "S001");
    if (!again) __builtin_trap();
  }
  return 0;
}
