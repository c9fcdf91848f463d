#include "smartstore/common/member_number.h"

#include <vector>

namespace smartstore {
namespace {

constexpr std::size_t kShownDigits = 4;
// Up to this many digits, showing four would reveal too much of the number.
constexpr std::size_t kFullyMaskedUpTo = 8;

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

}  // namespace

std::string mask_member_number(std::string_view typed_or_scanned) {
  std::string digits;
  for (char c : typed_or_scanned)
    if (is_digit(c)) digits.push_back(c);
  if (digits.size() <= kFullyMaskedUpTo) return std::string(digits.size(), '*');
  for (std::size_t i = 0; i + kShownDigits < digits.size(); ++i) digits[i] = '*';
  return digits;
}

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
    if (digit_at.size() > kFullyMaskedUpTo)
      for (std::size_t k = 0; k + kShownDigits < digit_at.size(); ++k) out[digit_at[k]] = '*';
    i = j;
  }
  return out;
}

}  // namespace smartstore
