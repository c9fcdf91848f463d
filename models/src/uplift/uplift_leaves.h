#pragma once
// The report's cells, (campaign, offer, segment), numbered as first met
// (uplift_report.cpp).
#include <cstdint>
#include <limits>
#include <unordered_map>
#include <vector>

#include "smartstore/models/uplift_report.h"

namespace smartstore::models {

inline constexpr std::uint32_t kNoLeaf = std::numeric_limits<std::uint32_t>::max();

// (campaign, offer, segment) numbered in order of first appearance, through
// a dense table of every one when it is small (as it is: a few campaigns,
// offers and segments), else a hash map.
class LeafNumbers {
 public:
  explicit LeafNumbers(const UpliftInput& in) : offers_(in.offers.size()), segments_(in.segments.size()) {
    const std::size_t cells = in.campaigns.size() * offers_ * segments_;
    constexpr std::size_t kDenseCells = std::size_t{1} << 20;
    if (cells <= kDenseCells) dense_.assign(cells, kNoLeaf);
  }
  // Inline for the common case, a cell seen before in the dense table.
  std::uint32_t of(const Exposure& e) {
    if (dense_.empty()) return number(sparse_.try_emplace(key_of(e), kNoLeaf).first->second, e);
    std::uint32_t& n = dense_[(std::size_t{e.campaign} * offers_ + e.offer) * segments_ + e.segment];
    return n != kNoLeaf ? n : number(n, e);
  }
  [[nodiscard]] std::uint32_t campaign(std::uint32_t leaf) const {
    return static_cast<std::uint32_t>(keys[leaf] >> 42);
  }
  std::vector<std::uint64_t> keys;  // by number: campaign << 42 | offer << 21 | segment
  std::vector<std::size_t> rows;    // by number: the rows in it

 private:
  static std::uint64_t key_of(const Exposure& e) {
    return (std::uint64_t{e.campaign} << 42) | (std::uint64_t{e.offer} << 21) | e.segment;
  }
  // Numbers the cell if it is new (n == kNoLeaf).
  std::uint32_t number(std::uint32_t& n, const Exposure& e) {
    if (n == kNoLeaf) {
      n = static_cast<std::uint32_t>(keys.size());
      keys.push_back(key_of(e));
      rows.push_back(0);
    }
    return n;
  }

  std::size_t offers_, segments_;
  std::vector<std::uint32_t> dense_;
  std::unordered_map<std::uint64_t, std::uint32_t> sparse_;
};

}  // namespace smartstore::models
