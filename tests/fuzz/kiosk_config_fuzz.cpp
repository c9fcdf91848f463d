// fuzz-sources: edge/src/kiosk_config.cpp
// fuzz-links: smartstore_common tomlplusplus::tomlplusplus Boost::headers
// Any bytes as a kiosk config: the loader returns a config or located errors,
// never crashes, and every error names a place and a problem.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "smartstore/edge/kiosk_config.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto load = smartstore::edge::parse_kiosk_config(text, "fuzz.toml");
  if (load) return 0;
  if (load.error().fields().empty()) __builtin_trap();  // a refusal says where and what
  for (const auto& f : load.error().fields())
    if (f.field.empty() || f.message.empty()) __builtin_trap();
  return 0;
}
