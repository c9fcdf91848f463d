#pragma once
// The generator's purchase target as a map from lines drawn to lines
// written, cumulative over customers and exact in integers, so that after the
// last customer the total is the target itself.
//  - more than drawn: every customer's lines scale alike,
//    up_to(i) = floor(target · D_i / D);
//  - fewer: only the lines above one per visit (the floor F) shrink, so no
//    customer is asked for less than its visits allow,
//    up_to(i) = F_i + floor((target − F) · (D_i − F_i) / (D − F)).
// D_i, F_i: drawn lines and floor lines of customers 0..i; D, F: of all.
#include <cstdint>

namespace smartstore::models::gen {

class PurchaseScale {
 public:
  PurchaseScale() = default;  // inactive: write what is drawn
  PurchaseScale(std::int64_t target, std::int64_t drawn_total, std::int64_t floor_total)
      : target_(target), drawn_(drawn_total), floor_(floor_total) {}

  [[nodiscard]] bool active() const { return target_ > 0; }
  // The target cannot be met when it is below one line per visit.
  [[nodiscard]] bool reachable() const { return target_ >= floor_; }
  [[nodiscard]] std::int64_t lines_up_to(std::int64_t drawn_so_far, std::int64_t floor_so_far) const {
    if (target_ >= drawn_) return muldiv(target_, drawn_so_far, drawn_);
    return floor_so_far + muldiv(target_ - floor_, drawn_so_far - floor_so_far, drawn_ - floor_);
  }

 private:
  static std::int64_t muldiv(std::int64_t a, std::int64_t b, std::int64_t c) {
    if (c <= 0) return 0;
    __extension__ using Wide = unsigned __int128;  // a · b exceeds 64 bits for big sets
    return static_cast<std::int64_t>(static_cast<Wide>(a) * static_cast<Wide>(b) / static_cast<Wide>(c));
  }
  std::int64_t target_ = 0, drawn_ = 0, floor_ = 0;
};

}  // namespace smartstore::models::gen
