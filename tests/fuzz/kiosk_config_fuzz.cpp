// fuzz-sources: edge/src/kiosk_config.cpp
// fuzz-links: tomlplusplus::tomlplusplus Boost::headers
// Any bytes as a kiosk config: the loader returns a config or located errors,
// never crashes, and never yields both.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "smartstore/edge/kiosk_config.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto load = smartstore::edge::parse_kiosk_config(text, "fuzz.toml");
  if (load.ok() != load.errors.empty()) __builtin_trap();
  for (const auto& e : load.errors)
    if (e.to_string().empty()) __builtin_trap();
  return 0;
}
