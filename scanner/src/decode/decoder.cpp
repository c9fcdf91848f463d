// The decode pipeline: one direct pass on the frame as delivered, then
// retries on derived images only while nothing was found. Each derived image
// carries the transform back to the input frame's pixels.
#define ZX_USE_UTF8 1
#include "smartstore/scanner/decoder.h"

#include "image_ops.h"

#include <ZXing/ReadBarcode.h>

#include <algorithm>
#include <chrono>

namespace smartstore::scanner {
namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

ZXing::BarcodeFormats linear_formats(const DecodeOptions& o) {
  ZXing::BarcodeFormats formats;
  if (o.code128) formats |= ZXing::BarcodeFormat::Code128;
  if (o.ean13) formats |= ZXing::BarcodeFormat::EAN13;
  if (o.ean8) formats |= ZXing::BarcodeFormat::EAN8;
  return formats;
}
ZXing::BarcodeFormats matrix_formats(const DecodeOptions& o) {
  ZXing::BarcodeFormats formats;
  if (o.qr_code) formats |= ZXing::BarcodeFormat::QRCode;
  if (o.pdf417) formats |= ZXing::BarcodeFormat::PDF417;
  if (o.data_matrix) formats |= ZXing::BarcodeFormat::DataMatrix;
  return formats;
}

ZXing::DecodeHints hints_for(const DecodeOptions& o, ZXing::BarcodeFormats formats, int max_codes) {
  ZXing::DecodeHints hints;
  hints.setFormats(formats)
      .setTryHarder(o.try_harder)
      .setTryRotate(o.try_rotate)
      .setTryDownscale(true)
      .setMaxNumberOfSymbols(static_cast<std::uint8_t>(std::clamp(max_codes, 1, 255)));
  return hints;
}

// Debian's ZXing 1.4 asserts (Result::operator==, lineCount() == 1) when it
// de-duplicates several linear results of one image, so asking for more than
// one symbol means two reads: matrix codes with the limit, linear codes with 1.
std::vector<ZXing::DecodeHints> hint_sets(const DecodeOptions& o) {
  const auto linear = linear_formats(o);
  const auto matrix = matrix_formats(o);
  if (o.max_codes <= 1 || linear.empty() || matrix.empty()) {
    const auto all = linear | matrix;
    return {hints_for(o, all, linear.empty() ? o.max_codes : 1)};
  }
  return {hints_for(o, matrix, o.max_codes), hints_for(o, linear, 1)};
}

// Input pixel = offset + derived pixel / scale.
struct Transform {
  double scale = 1;
  int dx = 0;
  int dy = 0;
};

class Run {
 public:
  Run(const DecodeOptions& o, DecodeReport& report) : options_(o), hints_(hint_sets(o)), report_(report) {}

  bool over_budget() const { return options_.budget_ms > 0 && ms_since(t0_) > options_.budget_ms; }

  // Decodes `view`, adds new codes; true when this pass found something new.
  bool pass(const ZXing::ImageView& view, const char* name, Transform t = {}) {
    ++report_.passes;
    bool found = false;
    ZXing::Results results;
    for (const auto& hints : hints_) {
      auto more = ZXing::ReadBarcodes(view, hints);
      results.insert(results.end(), more.begin(), more.end());
    }
    for (const auto& r : results) {
      if (!r.isValid()) continue;
      std::string text = r.text();
      auto same = [&](const DecodedCode& c) { return c.text == text; };
      if (std::any_of(report_.codes.begin(), report_.codes.end(), same)) continue;
      if (static_cast<int>(report_.codes.size()) >= options_.max_codes) break;
      DecodedCode code;
      code.format = ZXing::ToString(r.format());
      code.text = std::move(text);
      const auto& pos = r.position();
      for (std::size_t i = 0; i < 4; ++i)
        code.corners[i] = {t.dx + static_cast<int>(pos[static_cast<int>(i)].x / t.scale),
                           t.dy + static_cast<int>(pos[static_cast<int>(i)].y / t.scale)};
      code.decode_ms = ms_since(t0_);
      code.pass = name;
      report_.codes.push_back(std::move(code));
      found = true;
    }
    return found;
  }
  bool pass(const GreyImage& img, const char* name, Transform t = {}) {
    return pass(ZXing::ImageView(img.pixels.data(), img.width, img.height, ZXing::ImageFormat::Lum), name, t);
  }
  bool found_any() const { return !report_.codes.empty(); }
  double elapsed() const { return ms_since(t0_); }

 private:
  const DecodeOptions& options_;
  std::vector<ZXing::DecodeHints> hints_;
  DecodeReport& report_;
  Clock::time_point t0_ = Clock::now();
};

// Overlapping half-size windows (3x3, step a quarter), each doubled: a code
// a few modules wide in a 1280x720 frame gets pixels enough per module.
bool crop_pass(Run& run, const GreyImage& grey, bool also_inverted) {
  const int cw = grey.width / 2, ch = grey.height / 2;
  if (cw < 40 || ch < 40) return false;
  for (int iy = 0; iy < 3; ++iy)
    for (int ix = 0; ix < 3; ++ix) {
      if (run.over_budget()) return run.found_any();
      const int x = ix * grey.width / 4, y = iy * grey.height / 4;
      GreyImage crop = ops::crop_doubled(grey, x, y, cw, ch);
      Transform t{2.0, x, y};
      if (run.pass(crop, "crop", t)) return true;
      if (also_inverted && run.pass(ops::inverted(crop), "crop_inverted", t)) return true;
    }
  return false;
}

}  // namespace

FrameDecoder::FrameDecoder(DecodeOptions options) : options_(options) {}

DecodeReport FrameDecoder::decode(const FrameView& frame) const {
  DecodeReport report;
  Run run(options_, report);
  const int bpp = bytes_per_pixel(frame.format);
  const int stride = frame.stride ? frame.stride : frame.width * bpp;
  if (!frame.data || frame.width <= 0 || frame.height <= 0 || stride < frame.width * bpp) {
    report.error = "empty or inconsistent frame";
    return report;
  }
  // Grey and YUYV frames are decoded in place (Y every pixStride bytes).
  GreyImage grey;
  bool direct_found = false;
  if (frame.format == PixelFormat::grey8 || frame.format == PixelFormat::yuyv) {
    direct_found = run.pass(
        ZXing::ImageView(frame.data, frame.width, frame.height, ZXing::ImageFormat::Lum, stride, bpp), "direct");
  } else {
    grey = to_grey(frame);
    direct_found = run.pass(grey, "direct");
  }
  auto finish = [&] {
    report.total_ms = run.elapsed();
    return report;
  };
  if (direct_found) return finish();
  if (grey.pixels.empty()) grey = to_grey(frame);
  if (grey.pixels.empty()) return finish();

  if (options_.retry_inverted && !run.over_budget() && run.pass(ops::inverted(grey), "inverted")) return finish();
  if (options_.retry_contrast && !run.over_budget()) {
    GreyImage s = ops::sharpened(ops::stretched(grey));
    if (run.pass(s, "contrast")) return finish();
    if (options_.retry_inverted && !run.over_budget() && run.pass(ops::inverted(s), "contrast_inverted"))
      return finish();
  }
  if (options_.retry_pyramid && !run.over_budget()) {
    if (grey.width >= 400 && grey.height >= 400) {
      GreyImage h = ops::half(grey);
      if (run.pass(h, "half", {0.5, 0, 0})) return finish();
      if (options_.retry_inverted && !run.over_budget() && run.pass(ops::inverted(h), "half_inverted", {0.5, 0, 0}))
        return finish();
    }
    if (crop_pass(run, grey, options_.retry_inverted)) return finish();
  }
  return finish();
}

}  // namespace smartstore::scanner
