#include "smartstore/common/loopback.h"

#include <doctest/doctest.h>

namespace smartstore {
namespace {

TEST_CASE("loopback hosts: localhost, 127.0.0.0/8 and ::1") {
  CHECK(is_loopback_host("127.0.0.1"));
  CHECK(is_loopback_host("127.1.2.3"));
  CHECK(is_loopback_host("::1"));
  CHECK(is_loopback_host("0:0:0:0:0:0:0:1"));
  CHECK(is_loopback_host("localhost"));
  CHECK_FALSE(is_loopback_host("0.0.0.0"));
  CHECK_FALSE(is_loopback_host("::"));
  CHECK_FALSE(is_loopback_host("192.168.0.10"));
  CHECK_FALSE(is_loopback_host("128.0.0.1"));
  CHECK_FALSE(is_loopback_host("127.example.com"));
  CHECK_FALSE(is_loopback_host("kiosk.local"));
  CHECK_FALSE(is_loopback_host(""));
}

}  // namespace
}  // namespace smartstore
