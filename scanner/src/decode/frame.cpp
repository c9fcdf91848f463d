#include "smartstore/scanner/frame.h"

#include <cstring>

namespace smartstore::scanner {

int bytes_per_pixel(PixelFormat format) {
  switch (format) {
    case PixelFormat::grey8: return 1;
    case PixelFormat::yuyv: return 2;
    case PixelFormat::rgb24:
    case PixelFormat::bgr24: return 3;
    case PixelFormat::rgba32: return 4;
  }
  return 1;
}

GreyImage to_grey(const FrameView& f) {
  GreyImage out;
  const int bpp = bytes_per_pixel(f.format);
  const int stride = f.stride ? f.stride : f.width * bpp;
  if (!f.data || f.width <= 0 || f.height <= 0 || stride < f.width * bpp) return out;
  if (f.format == PixelFormat::yuyv && f.width % 2) return out;
  out.width = f.width;
  out.height = f.height;
  out.pixels.resize(static_cast<std::size_t>(f.width) * static_cast<std::size_t>(f.height));
  // One loop per format: the per-pixel switch cost more than the pixels.
  for (int y = 0; y < f.height; ++y) {
    const std::uint8_t* row = f.data + static_cast<std::ptrdiff_t>(y) * stride;
    std::uint8_t* dst = out.pixels.data() + static_cast<std::ptrdiff_t>(y) * f.width;
    const std::ptrdiff_t w = f.width;
    switch (f.format) {
      case PixelFormat::grey8: std::memcpy(dst, row, static_cast<std::size_t>(w)); break;
      case PixelFormat::yuyv:  // Y0 U Y1 V: luminance every other byte
        for (std::ptrdiff_t x = 0; x < w; ++x) dst[x] = row[2 * x];
        break;
      case PixelFormat::rgb24:
      case PixelFormat::rgba32:
        for (std::ptrdiff_t x = 0; x < w; ++x) {
          const std::uint8_t* p = row + x * bpp;
          dst[x] = static_cast<std::uint8_t>((77 * p[0] + 150 * p[1] + 29 * p[2]) >> 8);
        }
        break;
      case PixelFormat::bgr24:
        for (std::ptrdiff_t x = 0; x < w; ++x) {
          const std::uint8_t* p = row + x * bpp;
          dst[x] = static_cast<std::uint8_t>((77 * p[2] + 150 * p[1] + 29 * p[0]) >> 8);
        }
        break;
    }
  }
  return out;
}

}  // namespace smartstore::scanner
