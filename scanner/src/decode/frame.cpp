#include "smartstore/scanner/frame.h"

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
  for (int y = 0; y < f.height; ++y) {
    const std::uint8_t* row = f.data + static_cast<std::ptrdiff_t>(y) * stride;
    std::uint8_t* dst = out.pixels.data() + static_cast<std::ptrdiff_t>(y) * f.width;
    for (int x = 0; x < f.width; ++x) {
      const std::uint8_t* p = row + static_cast<std::ptrdiff_t>(x) * bpp;
      switch (f.format) {
        case PixelFormat::grey8:
        case PixelFormat::yuyv: dst[x] = p[0]; break;  // Y0 U Y1 V: luminance every other byte
        case PixelFormat::rgb24:
        case PixelFormat::rgba32: dst[x] = static_cast<std::uint8_t>((77 * p[0] + 150 * p[1] + 29 * p[2]) >> 8); break;
        case PixelFormat::bgr24: dst[x] = static_cast<std::uint8_t>((77 * p[2] + 150 * p[1] + 29 * p[0]) >> 8); break;
      }
    }
  }
  return out;
}

}  // namespace smartstore::scanner
