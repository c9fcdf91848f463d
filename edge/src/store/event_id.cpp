#include "smartstore/edge/store/event_id.h"

#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <stdexcept>

#include "smartstore/edge/coupon/random_bytes.h"

namespace smartstore::edge::store {

namespace {
std::mutex sequence_mutex;
std::uint64_t last_ms = 0;
std::uint32_t counter = 0;  // 12 bits, rand_a
}  // namespace

void seed_event_ids(std::string_view id) {
  if (id.size() != 36 || id[14] != '7') return;
  std::string hex = std::string(id.substr(0, 8)) + std::string(id.substr(9, 4));
  std::string seq(id.substr(15, 3));
  char* end = nullptr;
  std::uint64_t ms = std::strtoull(hex.c_str(), &end, 16);
  if (end != hex.c_str() + hex.size()) return;
  auto c = static_cast<std::uint32_t>(std::strtoul(seq.c_str(), &end, 16));
  if (end != seq.c_str() + seq.size()) return;
  std::lock_guard guard(sequence_mutex);
  if (ms > last_ms || (ms == last_ms && c > counter)) {
    last_ms = ms;
    counter = c;
  }
}

std::string uuid_v7(std::chrono::system_clock::time_point now) {
  unsigned char b[16];
  coupon::random_bytes(b, sizeof b);
  auto ms = static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count());
  std::uint32_t seq = 0;
  {
    std::lock_guard guard(sequence_mutex);
    if (ms > last_ms) {
      last_ms = ms;
      counter = b[7] & 0x3ffU;  // random start, room for 3k more in the same millisecond
    } else if (++counter > 0xfffU) {
      ++last_ms;  // counter exhausted: borrow the next millisecond
      counter = 0;
    }
    ms = last_ms;
    seq = counter;
  }
  for (int i = 0; i < 6; ++i) b[i] = static_cast<unsigned char>((ms >> (8 * (5 - i))) & 0xffU);
  b[6] = static_cast<unsigned char>(0x70U | ((seq >> 8) & 0x0fU));
  b[7] = static_cast<unsigned char>(seq & 0xffU);
  b[8] = static_cast<unsigned char>((b[8] & 0x3fU) | 0x80U);
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    out.push_back(hex[b[i] >> 4]);
    out.push_back(hex[b[i] & 0xFU]);
  }
  return out;
}

}  // namespace smartstore::edge::store
