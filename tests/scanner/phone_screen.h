#pragma once
// Synthetic camera frames: a barcode shown on a phone screen held in front of
// the kiosk camera (bezel, dark mode, rotation, perspective, blur, noise).
// Header-only so tests and bench/scanner_decode_bench.cpp share it.
#include <ZXing/BitMatrix.h>
#include <ZXing/MultiFormatWriter.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace smartstore::scanner::synth {

struct Scene {
  int width = 640;
  int height = 480;
  std::string text = "8710123456783459";
  ZXing::BarcodeFormat format = ZXing::BarcodeFormat::Code128;
  bool dark_mode = false;    // light modules on a black screen
  double angle_deg = 0;      // rotation of the phone in the image plane
  double tilt = 0;           // perspective: 0 flat, 0.3 strongly tilted
  int blur = 0;              // box blur radius in pixels
  double screen_frac = 0.6;  // phone screen height as a fraction of the frame
  double code_frac = 0.8;    // code width as a fraction of the screen width
  unsigned seed = 1;
};

struct Frame {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> grey;
};

namespace detail {
// Homography mapping the unit square's corners to `q` (Heckbert's closed form).
inline std::array<double, 9> square_to_quad(const std::array<std::array<double, 2>, 4>& q) {
  const double x0 = q[0][0], y0 = q[0][1], x1 = q[1][0], y1 = q[1][1];
  const double x2 = q[2][0], y2 = q[2][1], x3 = q[3][0], y3 = q[3][1];
  const double dx1 = x1 - x2, dx2 = x3 - x2, dy1 = y1 - y2, dy2 = y3 - y2;
  const double sx = x0 - x1 + x2 - x3, sy = y0 - y1 + y2 - y3;
  const double den = dx1 * dy2 - dx2 * dy1;
  const double g = (sx * dy2 - dx2 * sy) / den, h = (dx1 * sy - sx * dy1) / den;
  return {x1 - x0 + g * x1, x3 - x0 + h * x3, x0, y1 - y0 + g * y1, y3 - y0 + h * y3, y0, g, h, 1};
}
inline std::array<double, 9> inverse(const std::array<double, 9>& m) {
  const double a = m[0], b = m[1], c = m[2], d = m[3], e = m[4], f = m[5], g = m[6], h = m[7], i = m[8];
  const double A = e * i - f * h, B = -(d * i - f * g), C = d * h - e * g;
  const double det = a * A + b * B + c * C;
  return {A / det, -(b * i - c * h) / det, (b * f - c * e) / det,
          B / det, (a * i - c * g) / det,  -(a * f - c * d) / det,
          C / det, -(a * h - b * g) / det, (a * e - b * d) / det};
}
}  // namespace detail

inline ZXing::BitMatrix code_bits(const Scene& s) {
  ZXing::MultiFormatWriter writer(s.format);
  writer.setMargin(0);
  return writer.encode(s.text, 0, 0);
}

// The screen contents: the code centred on a white (or black) screen, at
// least 2 pixels per module as phone apps draw them.
inline Frame render_screen(const Scene& s, int screen_w, int screen_h) {
  const ZXing::BitMatrix bits = code_bits(s);
  Frame out{screen_w, screen_h, std::vector<std::uint8_t>(static_cast<std::size_t>(screen_w * screen_h))};
  const std::uint8_t bg = s.dark_mode ? 20 : 240, fg = s.dark_mode ? 225 : 15;
  std::fill(out.grey.begin(), out.grey.end(), bg);
  const bool linear = bits.height() <= 2 || s.format != ZXing::BarcodeFormat::QRCode;
  const int code_w = static_cast<int>(screen_w * s.code_frac);
  const int module = std::max(2, code_w / bits.width());
  const int draw_w = module * bits.width();
  const int draw_h = linear ? std::max(module * 30, screen_h / 4) : module * bits.height();
  const int ox = (screen_w - draw_w) / 2, oy = (screen_h - draw_h) / 2;
  for (int y = 0; y < draw_h; ++y)
    for (int x = 0; x < draw_w; ++x) {
      const int by = linear ? 0 : y / module;
      if (bits.get(x / module, std::min(by, bits.height() - 1)) && oy + y >= 0 && oy + y < screen_h &&
          ox + x >= 0 && ox + x < screen_w)
        out.grey[static_cast<std::size_t>((oy + y) * screen_w + ox + x)] = fg;
    }
  return out;
}

inline Frame render(const Scene& s) {
  std::mt19937 rng(s.seed);
  Frame f{s.width, s.height, std::vector<std::uint8_t>(static_cast<std::size_t>(s.width * s.height))};
  // Background: a dim, slightly textured counter top.
  std::uniform_int_distribution<int> texture(90, 130);
  for (auto& p : f.grey) p = static_cast<std::uint8_t>(texture(rng));
  // The app fills the screen's width with the code, 2 px per module at least.
  const double sh = s.height * s.screen_frac;
  const double sw = std::max(sh * 1.1, 2.0 * code_bits(s).width() / s.code_frac);
  const Frame screen = render_screen(s, static_cast<int>(sw), static_cast<int>(sh));
  // Phone outline (bezel) 8% larger than the screen, then the screen inside.
  const double cx = s.width / 2.0, cy = s.height / 2.0;
  const double rad = s.angle_deg * 3.14159265358979 / 180;
  auto place = [&](double u, double v, double grow) {  // u, v in [0,1] over the screen
    double x = (u - 0.5) * sw * grow, y = (v - 0.5) * sh * grow;
    y *= 1 - s.tilt * (0.5 - u);  // far edge shorter: perspective
    return std::array<double, 2>{cx + x * std::cos(rad) - y * std::sin(rad),
                                 cy + x * std::sin(rad) + y * std::cos(rad)};
  };
  for (double grow : {1.12, 1.0}) {
    const auto h = detail::inverse(
        detail::square_to_quad({place(0, 0, grow), place(1, 0, grow), place(1, 1, grow), place(0, 1, grow)}));
    for (int y = 0; y < s.height; ++y)
      for (int x = 0; x < s.width; ++x) {
        const double w = h[6] * x + h[7] * y + h[8];
        const double u = (h[0] * x + h[1] * y + h[2]) / w, v = (h[3] * x + h[4] * y + h[5]) / w;
        if (u < 0 || u >= 1 || v < 0 || v >= 1) continue;
        auto& p = f.grey[static_cast<std::size_t>(y * s.width + x)];
        if (grow > 1.0) {
          p = 35;  // bezel
        } else {
          const int sx = std::min(screen.width - 1, static_cast<int>(u * screen.width));
          const int sy = std::min(screen.height - 1, static_cast<int>(v * screen.height));
          p = screen.grey[static_cast<std::size_t>(sy * screen.width + sx)];
        }
      }
  }
  if (s.blur > 0) {  // horizontal box blur: hand motion
    std::vector<std::uint8_t> src = f.grey;
    for (int y = 0; y < s.height; ++y)
      for (int x = 0; x < s.width; ++x) {
        int sum = 0, n = 0;
        for (int k = -s.blur; k <= s.blur; ++k) {
          const int xx = std::clamp(x + k, 0, s.width - 1);
          sum += src[static_cast<std::size_t>(y * s.width + xx)];
          ++n;
        }
        f.grey[static_cast<std::size_t>(y * s.width + x)] = static_cast<std::uint8_t>(sum / n);
      }
  }
  std::normal_distribution<double> noise(0, 4);
  for (auto& p : f.grey) p = static_cast<std::uint8_t>(std::clamp(p + noise(rng), 0.0, 255.0));
  return f;
}

// The distortion set of the tests and the benchmark: membership numbers as
// Code 128 and QR at 640x480 and 1280x720, light and dark, rotated, tilted,
// blurred, small. Deterministic.
inline std::vector<Scene> distortion_set(bool quick) {
  std::vector<Scene> scenes;
  const char* numbers[] = {"8710123456783459", "8710000000000009", "8710555566667777"};
  unsigned seed = 1;
  for (auto [w, h] : {std::pair{640, 480}, std::pair{1280, 720}})
    for (auto format : {ZXing::BarcodeFormat::Code128, ZXing::BarcodeFormat::QRCode})
      for (bool dark : {false, true})
        for (double angle : {0.0, 12.0, 90.0})
          for (double tilt : {0.0, 0.25})
            for (int blur : {0, 1}) {
              Scene s;
              s.width = w;
              s.height = h;
              s.format = format;
              s.text = numbers[seed % 3];
              s.dark_mode = dark;
              s.angle_deg = angle;
              s.tilt = tilt;
              s.blur = blur;  // 3-pixel box: mild hand motion across 2-pixel modules
              s.screen_frac = (seed % 4 == 0) ? 0.3 : 0.6;  // every fourth phone far away
              s.seed = seed++;
              if (!quick || seed % 4 == 0) scenes.push_back(s);
            }
  return scenes;
}

// What an entrance camera sees with nobody there, as frames the camera
// tests and benchmark replay: flat sensor noise, a textured counter with a
// few objects, and high-contrast stripes (a blind, a shirt) that look
// code-like to a first look.
enum class EmptyScene { noise, textured, stripes };

inline Frame empty_frame(EmptyScene kind, int width, int height, unsigned seed) {
  std::mt19937 rng(seed);
  Frame f{width, height, std::vector<std::uint8_t>(static_cast<std::size_t>(width * height), 128)};
  auto at = [&](int x, int y) -> std::uint8_t& { return f.grey[static_cast<std::size_t>(y * width + x)]; };
  if (kind == EmptyScene::textured) {
    std::uniform_int_distribution<int> texture(90, 130);
    for (auto& p : f.grey) p = static_cast<std::uint8_t>(texture(rng));
    std::uniform_int_distribution<int> px(0, width - 1), py(0, height - 1), shade(40, 210);
    for (int i = 0; i < 6; ++i) {  // boxes and bags on the counter
      const int x0 = px(rng), y0 = py(rng), w = width / 8 + px(rng) / 4, h = height / 8 + py(rng) / 4;
      const int v = shade(rng);
      for (int y = y0; y < std::min(height, y0 + h); ++y)
        for (int x = x0; x < std::min(width, x0 + w); ++x)
          at(x, y) = static_cast<std::uint8_t>((v + at(x, y)) / 2);
    }
  } else if (kind == EmptyScene::stripes) {
    for (int y = 0; y < height; ++y)
      for (int x = 0; x < width; ++x) at(x, y) = ((x + static_cast<int>(seed)) / 12) % 2 ? 200 : 60;
  }
  return f;
}

// Sensor noise over a frame: every camera frame differs a little from the last.
inline Frame with_sensor_noise(Frame f, unsigned seed, double sigma = 3) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> noise(0, sigma);
  for (auto& p : f.grey) p = static_cast<std::uint8_t>(std::clamp(p + noise(rng), 0.0, 255.0));
  return f;
}

}  // namespace smartstore::scanner::synth
