#pragma once
// Barcode decoding over ZXing-cpp 1.4, restricted to the store's formats and
// with retries where the library's defaults miss real kiosk cases: inverted
// codes (dark-mode phone screens), low contrast / glare, blur, and small codes
// in large frames. ZXing stays out of this header.
#include "smartstore/common/result.h"
#include "smartstore/scanner/frame.h"

#include <array>
#include <string>
#include <vector>

namespace smartstore::scanner {

struct DecodeOptions {
  bool qr_code = true;
  bool code128 = true;
  bool ean13 = true;
  bool ean8 = true;
  bool pdf417 = false;
  bool data_matrix = false;
  // Thorough passes use ZXing's own defaults (hybrid binarizer, tryHarder,
  // tryDownscale); try_rotate also applies to the quick passes.
  bool try_harder = true;
  bool try_rotate = true;
  // Most frames hold one well-lit code: read them first with the cheapest
  // hints that do (global-histogram binarizer, no tryHarder, no downscale;
  // about a third of a thorough pass) and spend thorough passes only on
  // frames the quick ones miss. Off when max_codes > 1, where a quick pass
  // that finds one code would hide the others.
  bool quick_first = true;
  // false: the quick passes only (a camera's look at a frame it has little
  // reason to think holds a code); no thorough pass, no retries.
  bool thorough_passes = true;
  // Retries, in this order, each only when nothing was found so far.
  bool retry_inverted = true;  // dark mode: light modules on a dark screen
  bool retry_contrast = true;  // percentile stretch + sharpening for glare and blur
  bool retry_pyramid = true;   // 2x downscale, then overlapping crops upscaled 2x (centre first)
  int max_codes = 1;           // a kiosk wants the first code; smartstore-scan asks for more
  double budget_ms = 0;        // stop retrying once spent (0: no limit)
  // Skip the cascade's steps before this one: a call on the same picture
  // carrying on where an earlier call's budget stopped (DecodeReport::resume_at).
  int resume_from = 0;
};

struct Point {
  int x = 0;
  int y = 0;
};

struct DecodedCode {
  std::string format;              // ZXing's name: QRCode, Code128, EAN-13, EAN-8, PDF417, DataMatrix
  std::string text;                // as decoded; may be a membership number: do not log
  std::array<Point, 4> corners{};  // in the input frame's pixels
  double decode_ms = 0;            // from the start of decode() to this pass's result
  std::string pass;                // which pass found it: direct, inverted, contrast, ...
};

struct DecodeReport {
  std::vector<DecodedCode> codes;
  double total_ms = 0;
  int passes = 0;  // passes run
  // The step the budget stopped before, for DecodeOptions::resume_from; 0
  // when the cascade found a code or ran to its end.
  int resume_at = 0;
};

class FrameDecoder {
 public:
  explicit FrameDecoder(DecodeOptions options = {});
  // An unusable frame (no data, sizes that do not fit) is invalid_input; a
  // frame without a code is a report without codes.
  [[nodiscard]] Result<DecodeReport> decode(const FrameView& frame) const;
  [[nodiscard]] Result<DecodeReport> decode(const GreyImage& image) const { return decode(image.view()); }
  [[nodiscard]] const DecodeOptions& options() const { return options_; }

 private:
  DecodeOptions options_;
};

}  // namespace smartstore::scanner
