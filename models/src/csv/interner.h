#pragma once
// Numbers strings in the order first seen, into a vector of names that
// holds each string once: the readers' rows keep 32-bit ids instead.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace smartstore::models::csv {

// An open-addressing table of ids beside `names` (a string's id is its
// index there); names already present keep their ids.
class Interner {
 public:
  // expected: how many distinct strings are likely (receipts: about one per
  // few lines), so big tables are sized once instead of rehashed and
  // regrown (each regrowth rehashes and moves every string so far).
  explicit Interner(std::vector<std::string>& names, std::size_t expected = 0) : names_(names) {
    std::size_t capacity = 1024;
    while (capacity * 7 < (expected + names_.size()) * 10) capacity *= 2;
    names_.reserve(expected);
    rehash(capacity);
  }
  std::uint32_t id(std::string_view s) {
    const std::size_t h = std::hash<std::string_view>{}(s);
    // A slot holds the hash's high half and id + 1, so most probes that miss
    // never touch the strings.
    const std::uint64_t tag = (static_cast<std::uint64_t>(h) >> 32) << 32;
    std::size_t i = h & mask_;
    while (slots_[i] != 0) {
      if ((slots_[i] & kTagMask) == tag) {
        const auto id = static_cast<std::uint32_t>((slots_[i] & ~kTagMask) - 1);
        if (names_[id] == s) return id;
      }
      i = (i + 1) & mask_;
    }
    const auto id = static_cast<std::uint32_t>(names_.size());
    names_.emplace_back(s);
    slots_[i] = tag | (static_cast<std::uint64_t>(id) + 1);
    if (names_.size() * 10 > slots_.size() * 7) rehash(slots_.size() * 2);  // load factor 0.7
    return id;
  }

 private:
  static constexpr std::uint64_t kTagMask = 0xFFFFFFFF00000000ULL;
  // Ids in increasing order, so of two equal names the first is found.
  void rehash(std::size_t capacity) {
    slots_.assign(capacity, 0);
    mask_ = capacity - 1;
    for (std::uint32_t id = 0; id < names_.size(); ++id) {
      const std::size_t h = std::hash<std::string_view>{}(names_[id]);
      std::size_t i = h & mask_;
      while (slots_[i] != 0) i = (i + 1) & mask_;
      slots_[i] = ((static_cast<std::uint64_t>(h) >> 32) << 32) | (static_cast<std::uint64_t>(id) + 1);
    }
  }
  std::vector<std::string>& names_;
  std::vector<std::uint64_t> slots_;
  std::size_t mask_ = 0;
};

}  // namespace smartstore::models::csv
