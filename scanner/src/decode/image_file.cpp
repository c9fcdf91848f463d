// Encoded images (files for the black-box suite, smartstore-scan and folder
// watch; MJPEG camera frames).
// stb_image's implementation lives in Debian's libstb; WebP via libwebp.
#include "smartstore/scanner/frame.h"

#include <stb_image.h>
#include <webp/decode.h>

#include <cstring>
#include <fstream>
#include <iterator>

namespace smartstore::scanner {
namespace {

constexpr int kMaxSide = 16384;  // refuse absurd sizes before allocating

ImageLoad from_webp(std::span<const std::uint8_t> bytes) {
  int w = 0, h = 0;
  if (!WebPGetInfo(bytes.data(), bytes.size(), &w, &h) || w <= 0 || h <= 0 || w > kMaxSide || h > kMaxSide)
    return {std::nullopt, "not a readable WebP image"};
  std::vector<std::uint8_t> rgb(static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 3);
  if (!WebPDecodeRGBInto(bytes.data(), bytes.size(), rgb.data(), rgb.size(), w * 3))
    return {std::nullopt, "WebP decoding failed"};
  return {to_grey({rgb.data(), w, h, w * 3, PixelFormat::rgb24}), {}};
}

ImageLoad from_stb(std::span<const std::uint8_t> bytes) {
  int w = 0, h = 0, channels = 0;
  if (bytes.size() > static_cast<std::size_t>(INT32_MAX)) return {std::nullopt, "file too large"};
  const int len = static_cast<int>(bytes.size());
  if (!stbi_info_from_memory(bytes.data(), len, &w, &h, &channels)) return {std::nullopt, stbi_failure_reason()};
  if (w <= 0 || h <= 0 || w > kMaxSide || h > kMaxSide) return {std::nullopt, "image dimensions out of range"};
  // Ask for one channel: stb converts to luminance itself.
  unsigned char* pixels = stbi_load_from_memory(bytes.data(), len, &w, &h, &channels, 1);
  if (!pixels) return {std::nullopt, stbi_failure_reason()};
  GreyImage img;
  img.width = w;
  img.height = h;
  img.pixels.assign(pixels, pixels + static_cast<std::size_t>(w) * static_cast<std::size_t>(h));
  stbi_image_free(pixels);
  return {std::move(img), {}};
}

}  // namespace

ImageLoad decode_image(std::span<const std::uint8_t> bytes) {
  if (bytes.size() < 16) return {std::nullopt, "too short to be an image"};
  if (std::memcmp(bytes.data(), "RIFF", 4) == 0 && std::memcmp(bytes.data() + 8, "WEBP", 4) == 0)
    return from_webp(bytes);
  return from_stb(bytes);
}

ImageLoad load_image_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return {std::nullopt, "cannot open " + file.string()};
  std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto loaded = decode_image(bytes);
  if (!loaded.image) loaded.error = file.string() + ": " + loaded.error;
  return loaded;
}

}  // namespace smartstore::scanner
