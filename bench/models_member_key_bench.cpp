// Member keys for the HQ batch: the keyed MemberKeyer (pads hashed once) next
// to the one-shot member_key() it replaced, one thread, the same numbers.
#include <stdexcept>
#include <string>
#include <vector>

#include "bench_registry.h"
#include "smartstore/models/generator.h"
#include "smartstore/models/member_key.h"

namespace {
using namespace smartstore::bench;
namespace m = smartstore::models;

SMARTSTORE_BENCH("models_member_key") {
  const std::int64_t n = ctx.quick ? 20000 : 1000000;
  std::vector<std::string> numbers;
  numbers.reserve(static_cast<std::size_t>(n));
  for (std::int64_t i = 0; i < n; ++i) numbers.push_back(m::demo_card_number(i));
  const std::vector<unsigned char> key(32, 0x42);

  std::size_t check = 0;  // keeps the work observable
  auto t0 = std::chrono::steady_clock::now();
  for (const auto& number : numbers) check += static_cast<unsigned char>(m::member_key(key, number)[0]);
  const double one_shot_s = seconds_since(t0);

  m::MemberKeyer keyer(key);
  t0 = std::chrono::steady_clock::now();
  for (const auto& number : numbers) check -= static_cast<unsigned char>(keyer.key(number)[0]);
  const double keyer_s = seconds_since(t0);
  if (check != 0) throw std::runtime_error("MemberKeyer and member_key disagree");

  const double per_million = 1e6 / static_cast<double>(n);
  return {{"member_keys_1m_s", keyer_s * per_million, "s", one_shot_s * per_million,
           "one-shot HMAC() per number (the batch before)"}};
}
}  // namespace
