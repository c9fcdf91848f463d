// fuzz-sources: edge/src/http/note_body.cpp edge/src/http/free_text.cpp
// fuzz-links: smartstore_common nlohmann_json::nlohmann_json
// A staff note body from a tablet: any bytes give a note or a list of named
// field errors, never both and never a crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "smartstore/edge/http/note_body.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto parse = smartstore::edge::http::parse_note_body(bytes);
  if (parse) return 0;
  // A refusal always names what is wrong.
  if (parse.error().fields().empty()) __builtin_trap();
  for (const auto& e : parse.error().fields())
    if (e.field.empty() || e.message.empty()) __builtin_trap();
  return 0;
}
