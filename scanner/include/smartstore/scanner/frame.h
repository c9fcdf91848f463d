#pragma once
// Pixels as cameras and image files deliver them. FrameView borrows; a
// GreyImage owns 8-bit luminance, the one format the decoder works on.
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "smartstore/common/result.h"

namespace smartstore::scanner {

enum class PixelFormat { grey8, yuyv, rgb24, bgr24, rgba32 };

struct FrameView {
  const std::uint8_t* data = nullptr;
  int width = 0;
  int height = 0;
  int stride = 0;  // bytes per row; 0: packed
  PixelFormat format = PixelFormat::grey8;
};

struct GreyImage {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> pixels;  // width * height, row-major
  [[nodiscard]] FrameView view() const { return {pixels.data(), width, height, width, PixelFormat::grey8}; }
};

[[nodiscard]] int bytes_per_pixel(PixelFormat format);
// Luminance of any frame (Y of YUYV, BT.601 weights for RGB); empty when the
// view is inconsistent (null data, bad sizes).
[[nodiscard]] GreyImage to_grey(const FrameView& frame);

// PNG, JPEG, BMP, ... through stb_image; WebP through libwebp (by signature,
// not by extension). Errors name the file: not_found or storage_io when it
// cannot be read, invalid_input when its bytes are no image we read.
[[nodiscard]] Result<GreyImage> load_image_file(const std::filesystem::path& file);
// The same from bytes in memory (an MJPEG camera frame, an upload).
[[nodiscard]] Result<GreyImage> decode_image(std::span<const std::uint8_t> bytes);

}  // namespace smartstore::scanner
