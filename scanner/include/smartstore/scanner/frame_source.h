#pragma once
// Where a camera pipeline gets its pictures: a V4L2 device (v4l2_camera.h)
// or recorded frames replayed at a camera's pace (frame_files.h). Either
// hands out the newest frame and skips the ones a slow consumer missed:
// frames are never queued behind a busy decoder.
#include "smartstore/common/result.h"
#include "smartstore/scanner/frame.h"

#include <optional>
#include <string>

namespace smartstore::scanner {

class FrameSource {
 public:
  virtual ~FrameSource() = default;
  // The newest frame within timeout_ms; none within it is an empty optional.
  // ErrorKind::unavailable: the source itself failed (re-open it); any other
  // kind is one bad frame (skip it).
  [[nodiscard]] virtual Result<std::optional<GreyImage>> next_frame(int timeout_ms) = 0;
  // Frames that arrived while the consumer was busy and were never handed out.
  [[nodiscard]] virtual long skipped_frames() const = 0;
  // The capture sequence number of the frame next_frame() last handed out
  // (the driver's count, or the replayed frame's index), -1 before the first:
  // what a reader tells the picture a result came from by.
  [[nodiscard]] virtual long last_frame() const = 0;
  // For logs: the device or the files, and the format.
  [[nodiscard]] virtual std::string describe() const = 0;
};

}  // namespace smartstore::scanner
