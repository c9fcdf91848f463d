#include "smartstore/common/member_number.h"

#include <doctest/doctest.h>

namespace smartstore {
namespace {

TEST_CASE("a member number shows only its last four digits") {
  CHECK(mask_member_number("1234567890123456") == "************3456");
  CHECK(mask_member_number("1234-5678 9012 3456") == "************3456");
  CHECK(mask_member_number("123456789") == "*****6789");
  CHECK(mask_member_number("12345678") == "********");
  CHECK(mask_member_number("12345") == "*****");
  CHECK(mask_member_number("") == "");
}

TEST_CASE("digit runs in free text are masked by the same rule, layout kept") {
  CHECK(mask_digit_runs("card 8710 1234 5678 3458!") == "card **** **** **** 3458!");
  CHECK(mask_digit_runs("hello 12345678901 and 1234567") == "hello *******8901 and 1234567");
  CHECK(mask_digit_runs("8710-1234-5678-3459") == "****-****-****-3459");
  CHECK(mask_digit_runs("date 20240229, total 12000") == "date 20240229, total 12000");
  CHECK(mask_digit_runs("1234  5678 90123") == "1234  **** *0123");  // two spaces end a run
  CHECK(mask_digit_runs("no digits") == "no digits");
}

}  // namespace
}  // namespace smartstore
