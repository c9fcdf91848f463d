#include "smartstore/common/check_digit.h"

namespace smartstore {
namespace {
bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}
}  // namespace

char luhn_digit(std::string_view body) {
  // Doubling starts at the rightmost body digit (the check digit goes after it).
  int sum = 0;
  bool twice = true;
  for (auto it = body.rbegin(); it != body.rend(); ++it) {
    int d = *it - '0';
    if (twice) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    twice = !twice;
  }
  return static_cast<char>('0' + (10 - sum % 10) % 10);
}

bool luhn_valid(std::string_view digits) {
  if (digits.size() < 2 || !all_digits(digits)) return false;
  return luhn_digit(digits.substr(0, digits.size() - 1)) == digits.back();
}

char gs1_mod10_digit(std::string_view body) {
  // Weights 3,1,3,... from the rightmost body digit.
  int sum = 0;
  int weight = 3;
  for (auto it = body.rbegin(); it != body.rend(); ++it) {
    sum += (*it - '0') * weight;
    weight = 4 - weight;
  }
  return static_cast<char>('0' + (10 - sum % 10) % 10);
}

bool gs1_mod10_valid(std::string_view digits) {
  if (digits.size() < 2 || !all_digits(digits)) return false;
  return gs1_mod10_digit(digits.substr(0, digits.size() - 1)) == digits.back();
}

}  // namespace smartstore
