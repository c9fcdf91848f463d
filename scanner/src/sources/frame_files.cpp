#include "smartstore/scanner/frame_files.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

namespace smartstore::scanner {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

bool is_image(const fs::path& p) {
  std::string ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return ext == ".png" || ext == ".jpg" || ext == ".jpeg" || ext == ".bmp" || ext == ".webp";
}

Failure bad(std::string why) {
  return fail(ErrorKind::invalid_input, std::move(why), "scanner");
}
bool valid_fps(double fps) {
  return fps > 0 && fps <= 1000;
}
constexpr const char* kBadFps = "frame files: fps must be in (0, 1000]";

// Playlist lines or a directory listing as (image, frames) pairs.
Result<std::vector<std::pair<fs::path, int>>> list_shots(const fs::path& path) {
  std::vector<std::pair<fs::path, int>> shots;
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    for (const auto& e : fs::directory_iterator(path, ec))
      if (e.is_regular_file() && is_image(e.path())) shots.emplace_back(e.path(), 1);
    std::sort(shots.begin(), shots.end());
    return shots;
  }
  std::ifstream in(path);
  if (!in) return fail(ErrorKind::storage_io, path.string() + ": cannot read", "scanner");
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    // A word starting with # begins a comment; a # inside a file name does not.
    std::istringstream words(line);
    std::string file;
    if (!(words >> file) || file[0] == '#') continue;
    int frames = 1;
    std::string rest;
    if ((words >> rest) && rest[0] != '#' &&
        (std::sscanf(rest.c_str(), "%d", &frames) != 1 || frames < 1 || frames > 1'000'000))
      return bad(path.string() + ":" + std::to_string(number) +
                 ": expected `<image> [frames]`, frames 1..1000000");
    shots.emplace_back(path.parent_path() / file, frames);
  }
  return shots;
}

}  // namespace

Result<std::unique_ptr<FrameFiles>> FrameFiles::from_images(std::vector<std::pair<GreyImage, int>> shots,
                                                            FrameFilesOptions options) {
  if (!valid_fps(options.fps)) return bad(kBadFps);
  std::unique_ptr<FrameFiles> files(new FrameFiles("frames in memory", std::move(options)));
  for (auto& [image, frames] : shots) {
    if (image.pixels.empty() || frames < 1) return bad("frame files: an empty picture or a count below 1");
    files->sequence_.insert(files->sequence_.end(), static_cast<std::size_t>(frames), files->images_.size());
    files->images_.push_back(std::move(image));
  }
  if (files->sequence_.empty()) return bad("frame files: no frames");
  return files;
}

Result<std::unique_ptr<FrameFiles>> FrameFiles::open(const fs::path& path, FrameFilesOptions options) {
  std::error_code ec;
  if (!fs::exists(path, ec))
    return fail(ErrorKind::not_found, path.string() + ": no such file or directory", "scanner");
  auto shots = list_shots(path);
  if (!shots) return std::move(shots).error();
  if (shots->empty()) return bad(path.string() + ": no frames (images or playlist lines)");
  if (!valid_fps(options.fps)) return bad(kBadFps);
  std::unique_ptr<FrameFiles> out(new FrameFiles(path.string(), std::move(options)));
  std::map<fs::path, std::size_t> loaded;
  for (const auto& [file, frames] : *shots) {
    auto it = loaded.find(file);
    if (it == loaded.end()) {
      auto image = load_image_file(file);
      if (!image) return image.error().context(path.string());
      it = loaded.emplace(file, out->images_.size()).first;
      out->images_.push_back(std::move(*image));
    }
    out->sequence_.insert(out->sequence_.end(), static_cast<std::size_t>(frames), it->second);
  }
  return out;
}

std::string FrameFiles::describe() const {
  return name_ + ": " + std::to_string(sequence_.size()) + " recorded frames at " +
         std::to_string(static_cast<int>(std::lround(options_.fps))) + " fps";
}

Result<std::optional<GreyImage>> FrameFiles::next_frame(int timeout_ms) {
  const auto now = options_.now();
  if (!start_) start_ = now;
  const auto period = std::chrono::duration<double>(1.0 / options_.fps);
  auto captured = [&](Clock::time_point t) {  // the newest frame captured by t
    return static_cast<long>(std::floor(std::chrono::duration<double>(t - *start_).count() * options_.fps));
  };
  long frame = captured(now);
  if (frame <= last_) {  // nothing new yet: wait for the next capture, within the timeout
    const auto next = *start_ + std::chrono::duration_cast<Clock::duration>(period * (last_ + 1));
    const auto limit = now + std::chrono::milliseconds(std::max(timeout_ms, 0));
    options_.sleep(std::min(next, limit) - now);
    if (next > limit) return std::optional<GreyImage>();
    frame = last_ + 1;
  }
  const long count = static_cast<long>(sequence_.size());
  if (!options_.loop && frame >= count) {
    if (last_ < count - 1) skipped_ += count - 1 - last_;
    last_ = std::max(last_, count - 1);
    options_.sleep(std::chrono::milliseconds(std::max(timeout_ms, 0)));  // the sequence ended: no more frames
    return std::optional<GreyImage>();
  }
  skipped_ += frame - last_ - 1;
  last_ = frame;
  return std::optional<GreyImage>(images_[sequence_[static_cast<std::size_t>(frame % count)]]);
}

Result<std::unique_ptr<FrameSource>> open_frame_source(const CameraOptions& options) {
  std::error_code ec;
  const auto status = fs::status(options.device, ec);
  if (fs::is_directory(status) || fs::is_regular_file(status)) {
    FrameFilesOptions replay;
    replay.fps = options.replay_fps;
    auto files = FrameFiles::open(options.device, std::move(replay));
    if (!files) return std::move(files).error();
    return std::unique_ptr<FrameSource>(std::move(*files));
  }
  auto camera = V4l2Camera::open(options);
  if (!camera) return std::move(camera).error();
  return std::unique_ptr<FrameSource>(std::move(*camera));
}

}  // namespace smartstore::scanner
