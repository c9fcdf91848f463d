#include "image_ops.h"

#include <algorithm>
#include <array>
#include <vector>

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
  std::array<std::uint8_t, 256> lut{};
  for (int v = 0; v < 256; ++v) lut[static_cast<std::size_t>(v)] = clamp_u8((v - lo) * 255 / (hi - lo));
  GreyImage out = in;
  for (auto& p : out.pixels) p = lut[p];
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
  // Sample centres: out pixel (x, y) sits at in (x/2 - 0.25, y/2 - 0.25), so
  // each output pixel mixes its source pixel (9/16) with the neighbours on
  // the side it lies towards. Clamped indices are computed once per column
  // and per row, which keeps the inner loop free of branches.
  std::vector<int> near_x(static_cast<std::size_t>(out.width)), far_x(static_cast<std::size_t>(out.width));
  auto cx = [&](int x) { return std::clamp(x0 + x, 0, in.width - 1); };
  for (int x = 0; x < out.width; ++x) {
    const int sx = x / 2;
    near_x[static_cast<std::size_t>(x)] = cx(sx);
    far_x[static_cast<std::size_t>(x)] = cx((x % 2) ? sx + 1 : sx - 1);
  }
  for (int y = 0; y < out.height; ++y) {
    const int sy = y / 2;
    const int ny = (y % 2) ? sy + 1 : sy - 1;
    const std::uint8_t* r0 = in.pixels.data() + static_cast<std::ptrdiff_t>(std::clamp(y0 + sy, 0, in.height - 1)) * in.width;
    const std::uint8_t* r1 = in.pixels.data() + static_cast<std::ptrdiff_t>(std::clamp(y0 + ny, 0, in.height - 1)) * in.width;
    std::uint8_t* dst = out.pixels.data() + static_cast<std::ptrdiff_t>(y) * out.width;
    for (int x = 0; x < out.width; ++x) {
      const int a = near_x[static_cast<std::size_t>(x)], b = far_x[static_cast<std::size_t>(x)];
      dst[x] = static_cast<std::uint8_t>((9 * r0[a] + 3 * r0[b] + 3 * r1[a] + r1[b] + 8) / 16);
    }
  }
  return out;
}

GreyImage sharpened(const GreyImage& in) {
  GreyImage out = in;
  const int w = in.width, h = in.height;
  for (int y = 1; y + 1 < h; ++y) {
    const std::uint8_t* up = in.pixels.data() + static_cast<std::ptrdiff_t>(y - 1) * w;
    const std::uint8_t* row = up + w;
    const std::uint8_t* down = row + w;
    std::uint8_t* dst = out.pixels.data() + static_cast<std::ptrdiff_t>(y) * w;
    for (int x = 1; x + 1 < w; ++x) {
      const int blur = (row[x - 1] + row[x + 1] + up[x] + down[x]) / 4;
      dst[x] = clamp_u8(row[x] + 2 * (row[x] - blur));
    }
  }
  return out;
}

}  // namespace smartstore::scanner::ops
