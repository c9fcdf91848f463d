#pragma once
// Unpredictable bytes for ids (coupon ids, event ids) from OpenSSL's CSPRNG,
// drawn a block at a time: one RAND_bytes call per couple of hundred ids
// instead of one per id (each call locks and runs the DRBG, which showed as
// a few percent of a scan). Bytes handed out are wiped from the block; a
// forked child refills before its first draw, so it never repeats its
// parent's bytes.
#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstring>
#include <mutex>
#include <stdexcept>

namespace smartstore::edge::coupon {

inline void random_bytes(unsigned char* out, std::size_t n) {
  static std::mutex mutex;
  static std::array<unsigned char, 4096> block{};
  static std::size_t left = 0;
  static pid_t owner = 0;
  std::lock_guard guard(mutex);
  if (const pid_t pid = ::getpid(); pid != owner) {
    left = 0;
    owner = pid;
  }
  while (n > 0) {
    if (left == 0) {
      if (RAND_bytes(block.data(), static_cast<int>(block.size())) != 1) throw std::runtime_error("RAND_bytes failed");
      left = block.size();
    }
    unsigned char* from = block.data() + (block.size() - left);
    const std::size_t take = std::min(n, left);
    std::memcpy(out, from, take);
    OPENSSL_cleanse(from, take);
    left -= take;
    out += take;
    n -= take;
  }
}

}  // namespace smartstore::edge::coupon
