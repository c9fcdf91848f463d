// Captured V4L2 buffers to luminance. Drivers hand over what they claim in
// bytes_used; a short or oversized buffer is refused here rather than read
// past its end.
#include <climits>
#include <cstring>

#include "smartstore/scanner/frame.h"
#include "smartstore/scanner/v4l2_camera.h"

namespace smartstore::scanner {
namespace {

constexpr int kMaxSide = 8192;  // no camera delivers more; refuse before allocating

Failure unusable(std::string why) {
  return fail(ErrorKind::invalid_input, std::move(why), "scanner");
}
Failure unsupported(std::string why) {
  return fail(ErrorKind::unsupported, std::move(why), "scanner");
}

Result<GreyImage> from_mjpeg(const CapturedBuffer& b) {
  auto loaded = decode_image({b.data, b.bytes_used});
  if (!loaded) return loaded.error().context("MJPEG frame");
  return loaded;
}

}  // namespace

std::string fourcc_name(std::uint32_t code) {
  std::string s(4, ' ');
  for (int i = 0; i < 4; ++i) {
    const auto c = static_cast<char>((code >> (8 * i)) & 0xff);
    s[static_cast<std::size_t>(i)] = (c >= 32 && c < 127) ? c : '?';
  }
  return s;
}

Result<GreyImage> grey_from_capture(const CapturedBuffer& b) {
  if (!b.data || b.bytes_used == 0) return unusable("empty buffer");
  if (b.pixel_format == kFourccMjpeg) return from_mjpeg(b);
  PixelFormat format;
  if (b.pixel_format == kFourccYuyv) {
    format = PixelFormat::yuyv;
  } else if (b.pixel_format == kFourccGrey) {
    format = PixelFormat::grey8;
  } else {
    return unsupported("unsupported pixel format " + fourcc_name(b.pixel_format));
  }
  if (b.width <= 0 || b.height <= 0 || b.width > kMaxSide || b.height > kMaxSide)
    return unsupported("frame size out of range");
  const int packed = b.width * bytes_per_pixel(format);
  const int stride = b.bytes_per_line ? b.bytes_per_line : packed;
  if (stride < packed) return unusable("bytes per line shorter than a row");
  // The last row needs only its pixels, not the padding after them.
  const std::size_t needed =
      static_cast<std::size_t>(stride) * static_cast<std::size_t>(b.height - 1) + static_cast<std::size_t>(packed);
  if (b.bytes_used < needed)
    return unusable("short frame: " + std::to_string(b.bytes_used) + " of " + std::to_string(needed) +
                    " bytes");
  GreyImage img = to_grey(FrameView{b.data, b.width, b.height, stride, format});
  if (img.pixels.empty()) return unusable("inconsistent frame");
  return img;
}

}  // namespace smartstore::scanner
