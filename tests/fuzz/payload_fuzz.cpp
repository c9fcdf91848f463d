// clang-format off
// fuzz-sources: scanner/src/payload/gs1.cpp scanner/src/payload/member_card.cpp scanner/src/payload/parse_payload.cpp
// fuzz-links: smartstore_common
// clang-format on
// libFuzzer target for the payload parser: any bytes must parse to some
// payload without crashing, and whatever is printable for logs must never
// contain a long unmasked digit run.
#include "smartstore/scanner/payload.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace smartstore::scanner;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  PayloadRules rules;
  // Let the first byte pick a rule set so every branch gets exercised.
  if (size > 0) {
    rules.member.length = 8 + data[0] % 12;
    rules.member.check_digit = static_cast<CheckDigitScheme>(data[0] % 3);
    if (data[0] & 0x80) rules.member.prefixes = {"87", "1"};
  }
  const Payload p = parse_payload(text, rules);
  const std::string log = describe_for_log(p);
  std::size_t run = 0;
  for (char c : log) {
    run = (c >= '0' && c <= '9') ? run + 1 : 0;
    // Masking keeps at most 4 + 4 digits of a run visible; a GTIN (14) is not
    // personal and may appear whole.
    if (run > 14) std::abort();
  }
  if (const auto* card = std::get_if<MemberCard>(&p))
    if (card->number().size() != rules.member.length) std::abort();
  return 0;
}
