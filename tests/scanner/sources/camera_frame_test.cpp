// Everything behind the V4L2 device (buffer checks, YUYV / GREY / MJPEG to
// luminance, decoding the result) on frames laid out as a UVC webcam delivers
// them (padded rows, chroma bytes, JPEG-compressed MJPEG).
#include <doctest/doctest.h>

#include "scanner/phone_screen.h"
#include "smartstore/scanner/decoder.h"
#include "smartstore/scanner/v4l2_camera.h"
#include "support/test_paths.h"

#include <random>

using namespace smartstore::scanner;
using smartstore::ErrorKind;

namespace {
// A grey frame as a YUYV buffer with `pad` bytes after each row and chroma
// that varies, as real sensors' does.
std::vector<std::uint8_t> as_yuyv(const synth::Frame& f, int pad) {
  const int stride = f.width * 2 + pad;
  std::vector<std::uint8_t> out(static_cast<std::size_t>(stride * f.height), 0xEE);
  std::mt19937 rng(5);
  std::uniform_int_distribution<int> chroma(100, 156);
  for (int y = 0; y < f.height; ++y)
    for (int x = 0; x < f.width; ++x) {
      auto* px = &out[static_cast<std::size_t>(y * stride + 2 * x)];
      px[0] = f.grey[static_cast<std::size_t>(y * f.width + x)];
      px[1] = static_cast<std::uint8_t>(chroma(rng));
    }
  return out;
}

std::string why(const smartstore::Result<GreyImage>& r) {
  return r ? std::string() : r.error().message();
}
}  // namespace

TEST_CASE("a padded 1280x720 YUYV frame converts to its luminance and decodes the member card") {
  synth::Scene s;
  s.width = 1280;
  s.height = 720;
  s.format = ZXing::BarcodeFormat::QRCode;
  const auto f = synth::render(s);
  const auto yuyv = as_yuyv(f, 64);
  const CapturedBuffer buf{yuyv.data(), yuyv.size(), 1280, 720, 1280 * 2 + 64, kFourccYuyv};
  const auto conv = grey_from_capture(buf);
  REQUIRE_MESSAGE(conv, why(conv));
  CHECK(conv->width == 1280);
  CHECK(conv->height == 720);
  CHECK(conv->pixels == f.grey);  // Y bytes exactly; chroma and padding dropped
  const DecodeReport report = *FrameDecoder().decode(*conv);
  REQUIRE(report.codes.size() == 1);
  CHECK(report.codes[0].text == s.text);
}

TEST_CASE("GREY frames pass through; a short last row is enough, a shorter buffer is refused") {
  synth::Scene s;
  const auto f = synth::render(s);
  CapturedBuffer buf{f.grey.data(), f.grey.size(), f.width, f.height, 0, kFourccGrey};
  const auto ok = grey_from_capture(buf);
  REQUIRE(ok);
  CHECK(ok->pixels == f.grey);
  CHECK(FrameDecoder().decode(*ok)->codes.at(0).text == s.text);

  buf.bytes_used = f.grey.size() - 1;  // a truncated transfer
  const auto short_frame = grey_from_capture(buf);
  REQUIRE_FALSE(short_frame);
  CHECK(short_frame.error().kind() == ErrorKind::invalid_input);
  CHECK(short_frame.error().message().find("short frame") != std::string::npos);

  const auto yuyv = as_yuyv(f, 16);  // the last row's padding may be missing
  const CapturedBuffer no_tail_pad{yuyv.data(), yuyv.size() - 16, f.width,
                                   f.height,    f.width * 2 + 16, kFourccYuyv};
  CHECK(grey_from_capture(no_tail_pad));

  const CapturedBuffer narrow{yuyv.data(), yuyv.size(), f.width, f.height, f.width, kFourccYuyv};
  CHECK(grey_from_capture(narrow).error().message().find("bytes per line") != std::string::npos);
}

TEST_CASE("MJPEG frames are decoded; corrupt ones and unknown formats are error values") {
  const std::string jpeg = smartstore::testing::read_file(
      smartstore::testing::data_path("barcodes/zxing-cpp-blackbox/qrcode-2/estimate-tilt.jpg"));
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(jpeg.data());
  const auto conv = grey_from_capture({bytes, jpeg.size(), 0, 0, 0, kFourccMjpeg});
  REQUIRE_MESSAGE(conv, why(conv));
  CHECK(conv->width > 50);
  const std::string expected = smartstore::testing::read_file(
      smartstore::testing::data_path("barcodes/zxing-cpp-blackbox/qrcode-2/estimate-tilt.txt"));
  const DecodeReport report = *FrameDecoder().decode(*conv);
  REQUIRE_FALSE(report.codes.empty());
  CHECK(report.codes[0].text == expected);

  const auto corrupt = grey_from_capture({bytes, 200, 0, 0, 0, kFourccMjpeg});  // header only
  REQUIRE_FALSE(corrupt);
  CHECK(corrupt.error().message().find("MJPEG") == 0);

  const auto nv12 = grey_from_capture({bytes, jpeg.size(), 64, 64, 0, fourcc('N', 'V', '1', '2')});
  REQUIRE_FALSE(nv12);
  CHECK(nv12.error().kind() == ErrorKind::unsupported);
  CHECK(nv12.error().message() == "unsupported pixel format NV12");
  CHECK_FALSE(grey_from_capture({}));
}
