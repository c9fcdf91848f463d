#include "smartstore/scanner/payload.h"

#include <algorithm>
#include <cstring>
#include <vector>

namespace smartstore::scanner {

MemberCard::MemberCard(std::string_view digits) {
  size_ = std::min(digits.size(), max_digits);
  std::memcpy(digits_.data(), digits.data(), size_);
}

MemberCard::MemberCard(const MemberCard& other) : digits_(other.digits_), size_(other.size_) {}

MemberCard& MemberCard::operator=(const MemberCard& other) {
  if (this != &other) {
    wipe();
    digits_ = other.digits_;
    size_ = other.size_;
  }
  return *this;
}

MemberCard::~MemberCard() { wipe(); }

void MemberCard::wipe() {
  // volatile stores so the compiler cannot drop the wipe of a dying object.
  volatile char* p = digits_.data();
  for (std::size_t i = 0; i < digits_.size(); ++i) p[i] = 0;
  size_ = 0;
}

std::string MemberCard::masked() const {
  std::string out(number());
  if (out.size() <= 8) return std::string(out.size(), '*');
  std::fill(out.begin() + 4, out.end() - 4, '*');
  return out;
}

namespace {
bool is_digit(char c) { return c >= '0' && c <= '9'; }
}  // namespace

// A run is digits joined by single spaces or dashes ("8710 1234-5678"), so a
// card number typed in groups is masked like one written solid.
std::string mask_digit_runs(std::string_view text) {
  std::string out(text);
  std::size_t i = 0;
  while (i < out.size()) {
    if (!is_digit(out[i])) {
      ++i;
      continue;
    }
    std::vector<std::size_t> digit_at;
    std::size_t j = i;
    while (j < out.size()) {
      if (is_digit(out[j])) {
        digit_at.push_back(j++);
      } else if ((out[j] == ' ' || out[j] == '-') && j + 1 < out.size() && is_digit(out[j + 1])) {
        ++j;
      } else {
        break;
      }
    }
    if (digit_at.size() >= 8)
      for (std::size_t k = 4; k + 4 < digit_at.size(); ++k) out[digit_at[k]] = '*';
    i = j;
  }
  return out;
}

std::string UnknownCode::masked() const { return mask_digit_runs(raw); }

}  // namespace smartstore::scanner
