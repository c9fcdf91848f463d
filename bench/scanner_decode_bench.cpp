// Decoding 1280x720 camera frames: our pipeline (formats restricted, retries
// only when nothing was found) next to ZXing 1.4's ReadBarcode with default
// hints on the same frames, and the decode rate on the distortion set.
#define ZX_USE_UTF8 1
#include <ZXing/ReadBarcode.h>

#include "bench_registry.h"
#include "smartstore/scanner/decoder.h"
#include "tests/scanner/phone_screen.h"

namespace {
using namespace smartstore::bench;
namespace sc = smartstore::scanner;

SMARTSTORE_BENCH("scanner_decode") {
  const auto scenes = sc::synth::distortion_set(ctx.quick);
  std::vector<sc::synth::Frame> frames;
  for (const auto& s : scenes) frames.push_back(sc::synth::render(s));
  const sc::FrameDecoder ours;
  int ours_ok = 0, zx_ok = 0, hd = 0;
  double ours_s = 0, zx_s = 0;
  std::vector<double> ours_hd, zx_hd;  // per 1280x720 frame, for the medians
  for (std::size_t i = 0; i < frames.size(); ++i) {
    const auto& f = frames[i];
    auto t0 = std::chrono::steady_clock::now();
    const auto r = ours.decode(sc::FrameView{f.grey.data(), f.width, f.height, 0, sc::PixelFormat::grey8});
    const double a = seconds_since(t0);
    t0 = std::chrono::steady_clock::now();
    const auto z = ZXing::ReadBarcode(ZXing::ImageView(f.grey.data(), f.width, f.height, ZXing::ImageFormat::Lum));
    const double b = seconds_since(t0);
    ours_ok += r && !r->codes.empty() && r->codes[0].text == scenes[i].text;
    zx_ok += z.isValid() && z.text() == scenes[i].text;
    if (f.width == 1280) {
      ++hd;
      ours_s += a;
      zx_s += b;
      ours_hd.push_back(a * 1e3);
      zx_hd.push_back(b * 1e3);
    }
  }
  const double n = static_cast<double>(frames.size());
  // The mean carries the frames nothing is read in (every retry runs); the
  // median is the common case of a phone held up to the camera.
  return {{"decode_frame_ms", ours_s / hd * 1e3, "ms", zx_s / hd * 1e3, "ZXing ReadBarcode, default hints"},
          {"decode_frame_p50_ms", percentile(ours_hd, 50), "ms", percentile(zx_hd, 50), "ZXing ReadBarcode, default hints"},
          {"decode_rate_pct", 100.0 * ours_ok / n, "pct", 100.0 * zx_ok / n, "ZXing ReadBarcode, default hints"}};
}
}  // namespace
