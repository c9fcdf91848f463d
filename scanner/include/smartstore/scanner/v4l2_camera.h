#pragma once
// A V4L2 camera (USB UVC webcam at the kiosk entrance) as a frame source:
// mmap streaming, YUYV / GREY / MJPEG, frames handed out as GreyImage for
// FrameDecoder. The device part is deliberately thin; everything behind it
// (format negotiation results, buffer checks, conversion) is plain code that
// tests drive with recorded frames. Errors are values naming the device and
// the call that failed.
#include "smartstore/common/result.h"
#include "smartstore/scanner/camera_decoder.h"
#include "smartstore/scanner/frame.h"
#include "smartstore/scanner/frame_source.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace smartstore::scanner {

// V4L2 four-character codes (v4l2_fourcc), without <linux/videodev2.h>.
constexpr std::uint32_t fourcc(char a, char b, char c, char d) {
  return static_cast<std::uint32_t>(static_cast<unsigned char>(a)) |
         (static_cast<std::uint32_t>(static_cast<unsigned char>(b)) << 8) |
         (static_cast<std::uint32_t>(static_cast<unsigned char>(c)) << 16) |
         (static_cast<std::uint32_t>(static_cast<unsigned char>(d)) << 24);
}
inline constexpr std::uint32_t kFourccYuyv = fourcc('Y', 'U', 'Y', 'V');
inline constexpr std::uint32_t kFourccGrey = fourcc('G', 'R', 'E', 'Y');
inline constexpr std::uint32_t kFourccMjpeg = fourcc('M', 'J', 'P', 'G');
[[nodiscard]] std::string fourcc_name(std::uint32_t code);

// One buffer as the driver filled it.
struct CapturedBuffer {
  const std::uint8_t* data = nullptr;
  std::size_t bytes_used = 0;
  int width = 0;
  int height = 0;
  int bytes_per_line = 0;  // 0: packed
  std::uint32_t pixel_format = kFourccYuyv;
};

// Luminance of a captured buffer: Y of YUYV, GREY as is, MJPEG decoded. An
// unusable buffer (short, inconsistent, bad JPEG) is invalid_input, a pixel
// format or size we do not convert is unsupported.
[[nodiscard]] Result<GreyImage> grey_from_capture(const CapturedBuffer& buffer);

struct CameraOptions {
  std::string device = "/dev/video0";
  int width = 1280;
  int height = 720;
  int buffers = 4;
  // Formats asked for, in order; the driver may still answer another size.
  std::vector<std::uint32_t> formats = {kFourccYuyv, kFourccGrey, kFourccMjpeg};
  // `device` naming a directory or a playlist instead (frame_files.h): the
  // rate its frames are replayed at.
  double replay_fps = 30;
  // How hard the decoder tries per frame (camera_decoder.h): the idle decode
  // rate and the caps on the costlier passes.
  CameraEffort effort{};
};

class V4l2Camera final : public FrameSource {
 public:
  // Opens, negotiates a format, maps the buffers and starts streaming. Errors
  // read "<device>: <call>: <reason>": unavailable when the device or a call
  // on it failed, unsupported when it is no V4L2 capture device we can use.
  [[nodiscard]] static Result<std::unique_ptr<V4l2Camera>> open(const CameraOptions& options);
  ~V4l2Camera() override;  // stops streaming, unmaps, closes
  V4l2Camera(const V4l2Camera&) = delete;
  V4l2Camera& operator=(const V4l2Camera&) = delete;

  // The newest frame available within timeout_ms: older queued frames are
  // returned to the driver unread, so a slow decoder never works on stale
  // pictures. No frame within the timeout is no error: an empty optional.
  // ErrorKind::unavailable means the device itself failed (unplugged, I/O
  // error): re-open it. Any other kind is one bad frame (a corrupted buffer,
  // a broken MJPEG picture): skip it.
  [[nodiscard]] Result<std::optional<GreyImage>> next_frame(int timeout_ms) override;
  [[nodiscard]] long skipped_frames() const override { return skipped_; }
  [[nodiscard]] long last_frame() const override { return last_; }  // the driver's sequence number
  [[nodiscard]] std::string describe() const override;

  [[nodiscard]] int width() const { return width_; }
  [[nodiscard]] int height() const { return height_; }
  [[nodiscard]] std::uint32_t pixel_format() const { return format_; }
  [[nodiscard]] const std::string& device() const { return device_; }

 private:
  struct Mapping {
    void* start = nullptr;
    std::size_t length = 0;
  };
  V4l2Camera(std::string device, int fd) : device_(std::move(device)), fd_(fd) {}
  Status set_format(const CameraOptions& options);
  Status map_buffers(int count);
  // "<device>: <call>: <strerror>".
  [[nodiscard]] Error failure(ErrorKind kind, std::string_view call, int err) const;

  std::string device_;
  int fd_ = -1;
  int width_ = 0;
  int height_ = 0;
  int bytes_per_line_ = 0;
  std::uint32_t format_ = 0;
  std::vector<Mapping> buffers_;
  bool streaming_ = false;
  long skipped_ = 0;
  long last_ = -1;
};

}  // namespace smartstore::scanner
