#pragma once
// Pixel operations behind the decoder's retries. Private to the decoder.
#include "smartstore/scanner/frame.h"

namespace smartstore::scanner::ops {

[[nodiscard]] GreyImage inverted(const GreyImage& in);
// Maps the 2nd..98th percentile onto 0..255; unchanged copy when flat.
[[nodiscard]] GreyImage stretched(const GreyImage& in);
// 3x3 unsharp mask: restores some edge contrast lost to blur.
[[nodiscard]] GreyImage sharpened(const GreyImage& in);
// Box-filter downscale by 2.
[[nodiscard]] GreyImage half(const GreyImage& in);
// Bilinear 2x upscale of the crop (x, y, w, h).
[[nodiscard]] GreyImage crop_doubled(const GreyImage& in, int x, int y, int w, int h);

}  // namespace smartstore::scanner::ops
