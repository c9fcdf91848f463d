#pragma once
// Recorded frames replayed as a camera delivers them: frame i is "captured"
// at start + i / fps, and next_frame() hands out the newest one captured so
// far, skipping those a busy consumer missed, or waits for the next. Tests,
// benchmarks and a kiosk without a camera use it; `[[scanner.source]]
// kind = "camera"` with a directory or playlist as `path` runs on it.
//
// A directory replays its images (PNG, JPEG, BMP, WebP) in name order, one
// frame each. A playlist is a text file of lines `<image> [frames]` (path
// relative to the playlist, frames default 1; a word starting with `#` begins
// a comment), each image shown for that many frames; an image named twice is loaded once.
#include "smartstore/scanner/frame_source.h"
#include "smartstore/scanner/v4l2_camera.h"

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <thread>
#include <vector>

namespace smartstore::scanner {

struct FrameFilesOptions {
  double fps = 30;
  bool loop = true;  // false: after the last frame, no more frames (empty optionals)
  // Injected for tests: a clock and a sleep that advances it.
  std::function<std::chrono::steady_clock::time_point()> now = [] {
    return std::chrono::steady_clock::now();
  };
  std::function<void(std::chrono::steady_clock::duration)> sleep = [](std::chrono::steady_clock::duration d) {
    std::this_thread::sleep_for(d);
  };
};

class FrameFiles final : public FrameSource {
 public:
  // not_found when the path is missing; invalid_input naming the file and
  // line for an unreadable image or a bad playlist line, or when there are no
  // frames at all.
  [[nodiscard]] static Result<std::unique_ptr<FrameFiles>> open(const std::filesystem::path& path,
                                                                FrameFilesOptions options = {});
  // Already-decoded pictures, each shown for its count of frames.
  [[nodiscard]] static Result<std::unique_ptr<FrameFiles>> from_images(
      std::vector<std::pair<GreyImage, int>> shots, FrameFilesOptions options = {});

  [[nodiscard]] Result<std::optional<GreyImage>> next_frame(int timeout_ms) override;
  [[nodiscard]] long skipped_frames() const override { return skipped_; }
  [[nodiscard]] std::string describe() const override;

  [[nodiscard]] long frame_count() const { return static_cast<long>(sequence_.size()); }
  // Index of the last frame handed out (counting on across loops), -1 before the first.
  [[nodiscard]] long last_frame() const override { return last_; }

 private:
  FrameFiles(std::string name, FrameFilesOptions options)
      : name_(std::move(name)), options_(std::move(options)) {}

  std::string name_;
  FrameFilesOptions options_;
  std::vector<GreyImage> images_;
  std::vector<std::size_t> sequence_;  // frame -> image
  std::optional<std::chrono::steady_clock::time_point> start_;
  long last_ = -1;
  long skipped_ = 0;
};

// A V4L2 device, or frame files when `options.device` is a directory or a
// regular file (a playlist), replayed at options.replay_fps.
[[nodiscard]] Result<std::unique_ptr<FrameSource>> open_frame_source(const CameraOptions& options);

}  // namespace smartstore::scanner
