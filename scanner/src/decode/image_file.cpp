// Encoded images (files for the black-box suite, smartstore-scan and folder
// watch; MJPEG camera frames).
// stb_image's implementation lives in Debian's libstb; WebP via libwebp.
#include "smartstore/scanner/frame.h"

#include <stb_image.h>
#include <webp/decode.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

namespace smartstore::scanner {
namespace {

constexpr int kMaxSide = 16384;  // refuse absurd sizes before allocating

Failure bad_image(std::string why) {
  return fail(ErrorKind::invalid_input, std::move(why), "scanner");
}

Result<GreyImage> from_webp(std::span<const std::uint8_t> bytes) {
  int w = 0, h = 0;
  if (!WebPGetInfo(bytes.data(), bytes.size(), &w, &h) || w <= 0 || h <= 0 || w > kMaxSide || h > kMaxSide)
    return bad_image("not a readable WebP image");
  std::vector<std::uint8_t> rgb(static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 3);
  if (!WebPDecodeRGBInto(bytes.data(), bytes.size(), rgb.data(), rgb.size(), w * 3))
    return bad_image("WebP decoding failed");
  return to_grey({rgb.data(), w, h, w * 3, PixelFormat::rgb24});
}

Result<GreyImage> from_stb(std::span<const std::uint8_t> bytes) {
  int w = 0, h = 0, channels = 0;
  if (bytes.size() > static_cast<std::size_t>(INT32_MAX)) return bad_image("file too large");
  const int len = static_cast<int>(bytes.size());
  if (!stbi_info_from_memory(bytes.data(), len, &w, &h, &channels)) return bad_image(stbi_failure_reason());
  if (w <= 0 || h <= 0 || w > kMaxSide || h > kMaxSide) return bad_image("image dimensions out of range");
  // Ask for one channel: stb converts to luminance itself.
  unsigned char* pixels = stbi_load_from_memory(bytes.data(), len, &w, &h, &channels, 1);
  if (!pixels) return bad_image(stbi_failure_reason());
  GreyImage img;
  img.width = w;
  img.height = h;
  img.pixels.assign(pixels, pixels + static_cast<std::size_t>(w) * static_cast<std::size_t>(h));
  stbi_image_free(pixels);
  return img;
}

}  // namespace

Result<GreyImage> decode_image(std::span<const std::uint8_t> bytes) {
  if (bytes.size() < 16) return bad_image("too short to be an image");
  if (std::memcmp(bytes.data(), "RIFF", 4) == 0 && std::memcmp(bytes.data() + 8, "WEBP", 4) == 0)
    return from_webp(bytes);
  return from_stb(bytes);
}

Result<GreyImage> load_image_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    const ErrorKind kind = errno == ENOENT ? ErrorKind::not_found : ErrorKind::storage_io;
    return fail(kind, "cannot open " + file.string(), "scanner");
  }
  // A directory opens but throws on the first read.
  std::error_code ec;
  if (std::filesystem::is_directory(file, ec))
    return fail(ErrorKind::invalid_input, file.string() + ": a directory, not an image file", "scanner");
  std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto loaded = decode_image(bytes);
  if (!loaded) return loaded.error().context(file.string());
  return loaded;
}

}  // namespace smartstore::scanner
