#include <doctest/doctest.h>

#include "smartstore/scanner/decoder.h"
#include "smartstore/scanner/frame.h"
#include "support/test_paths.h"

using namespace smartstore::scanner;
using smartstore::ErrorKind;

TEST_CASE("image files: WebP and PNG load; garbage is an error value") {
  auto webp = load_image_file(smartstore::testing::data_path("barcodes/zxing-cpp-blackbox/qrcode-1/1.webp"));
  REQUIRE(webp);
  CHECK(webp->width > 0);
  const auto report = FrameDecoder().decode(*webp);
  REQUIRE(report);
  CHECK_FALSE(report->codes.empty());
  smartstore::testing::TempDir dir;
  smartstore::testing::write_file(dir / "x.png", "not an image at all, just text");
  auto bad = load_image_file(dir / "x.png");
  REQUIRE_FALSE(bad);
  CHECK(bad.error().kind() == ErrorKind::invalid_input);
  CHECK(bad.error().message().find("x.png") != std::string::npos);
  const auto missing = load_image_file(dir / "missing.webp");
  REQUIRE_FALSE(missing);
  CHECK(missing.error().kind() == ErrorKind::not_found);
  const auto directory = load_image_file(dir.path());  // opens, then throws on reading unless refused first
  REQUIRE_FALSE(directory);
  CHECK(directory.error().message().find("a directory") != std::string::npos);
}
