#pragma once
// Card numbers for tests: a body of digits completed with its Luhn check
// digit, the scheme the kiosk's default card rule verifies.
#include <string>

#include "smartstore/scanner/check_digit.h"

namespace smartstore::testing {

inline std::string with_luhn_digit(std::string body) {
  const char check = scanner::luhn_digit(body);
  body += check;
  return body;
}

}  // namespace smartstore::testing
