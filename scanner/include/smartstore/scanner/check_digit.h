#pragma once
// The check-digit schemes the scanner validates with (common/check_digit.h).
#include "smartstore/common/check_digit.h"

namespace smartstore::scanner {

using smartstore::gs1_mod10_digit;
using smartstore::gs1_mod10_valid;
using smartstore::luhn_digit;
using smartstore::luhn_valid;

}  // namespace smartstore::scanner
