#include "image_ops.h"

#include <algorithm>
#include <array>

namespace smartstore::scanner::ops {
namespace {
std::uint8_t clamp_u8(int v) { return static_cast<std::uint8_t>(std::clamp(v, 0, 255)); }
GreyImage blank(int w, int h) {
  GreyImage out;
  out.width = w;
  out.height = h;
  out.pixels.resize(static_cast<std::size_t>(w) * static_cast<std::size_t>(h));
  return out;
}
}  // namespace

GreyImage inverted(const GreyImage& in) {
  GreyImage out = in;
  for (auto& p : out.pixels) p = static_cast<std::uint8_t>(255 - p);
  return out;
}

GreyImage stretched(const GreyImage& in) {
  std::array<std::size_t, 256> hist{};
  for (auto p : in.pixels) ++hist[p];
  const std::size_t n = in.pixels.size();
  int lo = 0, hi = 255;
  std::size_t acc = 0;
  while (lo < 255 && (acc += hist[static_cast<std::size_t>(lo)]) < n / 50) ++lo;
  acc = 0;
  while (hi > 0 && (acc += hist[static_cast<std::size_t>(hi)]) < n / 50) --hi;
  if (hi - lo < 8) return in;
  GreyImage out = in;
  for (auto& p : out.pixels) p = clamp_u8((p - lo) * 255 / (hi - lo));
  return out;
}

GreyImage sharpened(const GreyImage& in) {
  GreyImage out = in;
  const int w = in.width, h = in.height;
  auto at = [&](int x, int y) { return static_cast<int>(in.pixels[static_cast<std::size_t>(y * w + x)]); };
  for (int y = 1; y + 1 < h; ++y)
    for (int x = 1; x + 1 < w; ++x) {
      const int blur = (at(x - 1, y) + at(x + 1, y) + at(x, y - 1) + at(x, y + 1)) / 4;
      out.pixels[static_cast<std::size_t>(y * w + x)] = clamp_u8(at(x, y) + 2 * (at(x, y) - blur));
    }
  return out;
}

GreyImage half(const GreyImage& in) {
  GreyImage out = blank(in.width / 2, in.height / 2);
  for (int y = 0; y < out.height; ++y)
    for (int x = 0; x < out.width; ++x) {
      auto p = [&](int dx, int dy) {
        return static_cast<int>(in.pixels[static_cast<std::size_t>((2 * y + dy) * in.width + 2 * x + dx)]);
      };
      out.pixels[static_cast<std::size_t>(y * out.width + x)] =
          static_cast<std::uint8_t>((p(0, 0) + p(1, 0) + p(0, 1) + p(1, 1) + 2) / 4);
    }
  return out;
}

GreyImage crop_doubled(const GreyImage& in, int x0, int y0, int w, int h) {
  GreyImage out = blank(2 * w, 2 * h);
  auto src = [&](int x, int y) {
    x = std::clamp(x0 + x, 0, in.width - 1);
    y = std::clamp(y0 + y, 0, in.height - 1);
    return static_cast<int>(in.pixels[static_cast<std::size_t>(y * in.width + x)]);
  };
  for (int y = 0; y < out.height; ++y)
    for (int x = 0; x < out.width; ++x) {
      // Sample centres: out pixel (x, y) sits at in (x/2 - 0.25, y/2 - 0.25).
      const int sx = x / 2, sy = y / 2;
      const int nx = (x % 2) ? sx + 1 : sx - 1, ny = (y % 2) ? sy + 1 : sy - 1;
      const int v = (9 * src(sx, sy) + 3 * src(nx, sy) + 3 * src(sx, ny) + src(nx, ny) + 8) / 16;
      out.pixels[static_cast<std::size_t>(y * out.width + x)] = static_cast<std::uint8_t>(v);
    }
  return out;
}

}  // namespace smartstore::scanner::ops
