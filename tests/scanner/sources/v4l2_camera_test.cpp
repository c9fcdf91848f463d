// Opening V4L2 devices without a camera: the errors name the device and the call.
#include <doctest/doctest.h>

#include "smartstore/scanner/v4l2_camera.h"
#include "support/test_paths.h"

using namespace smartstore::scanner;
using smartstore::ErrorKind;

TEST_CASE("opening a missing device names the device and the call") {
  const auto r = V4l2Camera::open({.device = "/nonexistent/video9"});
  REQUIRE_FALSE(r);
  CHECK(r.error().kind() == ErrorKind::unavailable);
  const std::string& message = r.error().message();
  CHECK(message.find("/nonexistent/video9") != std::string::npos);
  CHECK(message.find("open") != std::string::npos);
  CHECK(message.find("No such file") != std::string::npos);
}

TEST_CASE("a regular file or a non-video character device is refused with the reason") {
  smartstore::testing::TempDir dir;
  smartstore::testing::write_file(dir / "video0", "not a device");
  const auto file = V4l2Camera::open({.device = (dir / "video0").string()});
  REQUIRE_FALSE(file);
  CHECK(file.error().kind() == ErrorKind::unsupported);
  CHECK(file.error().message().find("not a character device") != std::string::npos);

  const auto null = V4l2Camera::open({.device = "/dev/null"});
  REQUIRE_FALSE(null);
  CHECK(null.error().message().find("/dev/null: VIDIOC_QUERYCAP") == 0);
}
