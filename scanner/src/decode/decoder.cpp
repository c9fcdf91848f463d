// The decode pipeline: cheap passes on the frame and its negative, then
// ZXing's thorough hints, then retries on derived images, each only while
// nothing was found (docs/scanner.md lists the order and why). Each derived
// image carries the transform back to the input frame's pixels.
#define ZX_USE_UTF8 1
#include "smartstore/scanner/decoder.h"

#include "image_ops.h"

#include <ZXing/ReadBarcode.h>

#include <algorithm>
#include <chrono>

namespace smartstore::scanner {
namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

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

// quick: global-histogram binarizer, no tryHarder, no downscale; sweep: the
// same without the rotated scan, for the many windows of the crop pyramid;
// thorough: ZXing's defaults.
enum class Effort { sweep, quick, thorough };

ZXing::DecodeHints hints_for(const DecodeOptions& o, Effort effort, ZXing::BarcodeFormats formats,
                             int max_codes) {
  ZXing::DecodeHints hints;
  const bool thorough = effort == Effort::thorough;
  hints.setFormats(formats)
      .setTryHarder(thorough && o.try_harder)
      .setTryRotate(o.try_rotate && effort != Effort::sweep)
      .setTryDownscale(thorough)
      .setBinarizer(thorough ? ZXing::Binarizer::LocalAverage : ZXing::Binarizer::GlobalHistogram)
      .setMaxNumberOfSymbols(static_cast<std::uint8_t>(std::clamp(max_codes, 1, 255)));
  return hints;
}

// Debian's ZXing 1.4 asserts (Result::operator==, lineCount() == 1) when it
// de-duplicates several linear results of one image, so asking for more than
// one symbol means two reads: matrix codes with the limit, linear codes with 1.
std::vector<ZXing::DecodeHints> hint_sets(const DecodeOptions& o, Effort effort) {
  const auto linear = linear_formats(o);
  const auto matrix = matrix_formats(o);
  if (o.max_codes <= 1 || linear.empty() || matrix.empty()) {
    const auto all = linear | matrix;
    return {hints_for(o, effort, all, linear.empty() ? o.max_codes : 1)};
  }
  return {hints_for(o, effort, matrix, o.max_codes), hints_for(o, effort, linear, 1)};
}

// Input pixel = offset + derived pixel / scale.
struct Transform {
  double scale = 1;
  int dx = 0;
  int dy = 0;
};

class Run {
 public:
  Run(const DecodeOptions& o, DecodeReport& report)
      : options_(o),
        sweep_(hint_sets(o, Effort::sweep)),
        quick_(hint_sets(o, Effort::quick)),
        thorough_(hint_sets(o, Effort::thorough)),
        report_(report) {}

  // Whether step `index` of the cascade runs: not before resume_from, and not
  // once the budget is spent (the first step refused then is where a later
  // call resumes). The first step due always runs, so each call progresses.
  bool due(int index) {
    if (index < options_.resume_from || stopped_) return false;
    if (options_.budget_ms > 0 && report_.passes > 0 && ms_since(t0_) > options_.budget_ms) {
      stopped_ = true;
      report_.resume_at = index;
      return false;
    }
    return true;
  }

  // Decodes `view`, adds new codes; true when this pass found something new.
  bool pass(const ZXing::ImageView& view, const char* name, Effort effort, Transform t = {}) {
    ++report_.passes;
    bool found = false;
    ZXing::Results results;
    const auto& hint_set = effort == Effort::sweep ? sweep_ : effort == Effort::quick ? quick_ : thorough_;
    for (const auto& hints : hint_set) {
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
  bool pass(const GreyImage& img, const char* name, Effort effort, Transform t = {}) {
    return pass(ZXing::ImageView(img.pixels.data(), img.width, img.height, ZXing::ImageFormat::Lum), name,
                effort, t);
  }
  bool found_any() const { return !report_.codes.empty(); }
  double elapsed() const { return ms_since(t0_); }

 private:
  const DecodeOptions& options_;
  std::vector<ZXing::DecodeHints> sweep_;
  std::vector<ZXing::DecodeHints> quick_;
  std::vector<ZXing::DecodeHints> thorough_;
  DecodeReport& report_;
  Clock::time_point t0_ = Clock::now();
  bool stopped_ = false;
};

// The cascade's steps, numbered so a budgeted call can be resumed where it
// stopped (DecodeOptions::resume_from); a step an option turns off keeps its
// number. Each crop window has two steps: direct, then inverted.
enum Step : int {
  kDirectQuick = 0,
  kInvertedQuick,
  kDirect,
  kInverted,
  kContrast,
  kContrastInverted,
  kHalf,
  kHalfInverted,
  kCrops,  // kCrops + 2 * window (+ 1 inverted)
};

// Overlapping half-size windows (3x3, step a quarter), each doubled: a code
// a few modules wide in a 1280x720 frame gets pixels enough per module. The
// centre window comes first, read thoroughly: customers hold their phones
// towards the camera.
bool crop_pass(Run& run, const GreyImage& grey, bool also_inverted, Effort effort) {
  const int cw = grey.width / 2, ch = grey.height / 2;
  if (cw < 40 || ch < 40) return false;
  static constexpr std::array<std::pair<int, int>, 9> kOrder = {
      {{1, 1}, {0, 0}, {1, 0}, {2, 0}, {0, 1}, {2, 1}, {0, 2}, {1, 2}, {2, 2}}};
  for (int w = 0; w < static_cast<int>(kOrder.size()); ++w) {
    const int step = kCrops + 2 * w;
    const bool direct = run.due(step);
    const bool inverse = also_inverted && run.due(step + 1);
    if (!direct && !inverse) continue;
    const auto [ix, iy] = kOrder[static_cast<std::size_t>(w)];
    const Effort e = (ix == 1 && iy == 1) ? Effort::thorough : effort;
    const int x = ix * grey.width / 4, y = iy * grey.height / 4;
    GreyImage crop = ops::crop_doubled(grey, x, y, cw, ch);
    Transform t{2.0, x, y};
    if (direct && run.pass(crop, "crop", e, t)) return true;
    if (inverse && run.due(step + 1) && run.pass(ops::inverted(crop), "crop_inverted", e, t)) return true;
  }
  return false;
}

}  // namespace

FrameDecoder::FrameDecoder(DecodeOptions options) : options_(options) {}

Result<DecodeReport> FrameDecoder::decode(const FrameView& frame) const {
  const int bpp = bytes_per_pixel(frame.format);
  const int stride = frame.stride ? frame.stride : frame.width * bpp;
  if (!frame.data || frame.width <= 0 || frame.height <= 0 || stride < frame.width * bpp)
    return fail(ErrorKind::invalid_input, "empty or inconsistent frame", "scanner");
  DecodeReport report;
  Run run(options_, report);
  auto finish = [&] {
    report.total_ms = run.elapsed();
    return report;
  };
  const bool quick = options_.quick_first && options_.max_codes <= 1;
  const bool inv = options_.retry_inverted;
  // Retries after the thorough direct pass read with the quick hints when the
  // quick path is on: they exist for what the thorough pass cannot fix, and a
  // frame without any code must not cost a dozen thorough passes.
  const Effort retry = quick ? Effort::quick : Effort::thorough;

  // Grey and YUYV frames are read in place (Y every pixStride bytes).
  const bool in_place = frame.format == PixelFormat::grey8 || frame.format == PixelFormat::yuyv;
  GreyImage grey;
  if (!in_place) grey = to_grey(frame);
  const ZXing::ImageView direct =
      in_place ? ZXing::ImageView(frame.data, frame.width, frame.height, ZXing::ImageFormat::Lum, stride, bpp)
               : ZXing::ImageView(grey.pixels.data(), grey.width, grey.height, ZXing::ImageFormat::Lum);
  if (quick && run.due(kDirectQuick) && run.pass(direct, "direct_quick", Effort::quick)) return finish();
  if (quick && !options_.thorough_passes && !inv) return finish();
  if (inv || options_.retry_contrast || options_.retry_pyramid) {
    if (grey.pixels.empty()) grey = to_grey(frame);
    if (grey.pixels.empty()) return finish();
  }
  GreyImage negative;
  auto negative_image = [&]() -> const GreyImage& {
    if (negative.pixels.empty()) negative = ops::inverted(grey);
    return negative;
  };
  // Dark-mode screens are as common as light ones: their quick read comes
  // before any thorough pass. (Guessing the polarity from the histogram
  // misled: a light screen full of bars is mostly dark too.)
  if (quick && inv && run.due(kInvertedQuick) && run.pass(negative_image(), "inverted_quick", Effort::quick))
    return finish();
  if (quick && !options_.thorough_passes) return finish();
  if (run.due(kDirect) && run.pass(direct, "direct", Effort::thorough)) return finish();
  if (inv && run.due(kInverted) && run.pass(negative_image(), "inverted", Effort::thorough)) return finish();
  if (options_.retry_contrast && (run.due(kContrast) || (inv && run.due(kContrastInverted)))) {
    GreyImage s = ops::sharpened(ops::stretched(grey));
    if (run.due(kContrast) && run.pass(s, "contrast", retry)) return finish();
    if (inv && run.due(kContrastInverted) && run.pass(ops::inverted(s), "contrast_inverted", retry))
      return finish();
  }
  if (!options_.retry_pyramid) return finish();
  if (grey.width >= 400 && grey.height >= 400 && (run.due(kHalf) || (inv && run.due(kHalfInverted)))) {
    GreyImage h = ops::half(grey);
    if (run.due(kHalf) && run.pass(h, "half", retry, {0.5, 0, 0})) return finish();
    if (inv && run.due(kHalfInverted) && run.pass(ops::inverted(h), "half_inverted", retry, {0.5, 0, 0}))
      return finish();
  }
  crop_pass(run, grey, inv, quick ? Effort::sweep : Effort::thorough);
  return finish();
}

}  // namespace smartstore::scanner
