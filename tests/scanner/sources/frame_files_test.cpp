// ctest-labels: integration
// Recorded frames replayed at a camera's pace: a consumer slower than the
// frame rate gets the newest frame and the ones it missed are skipped, never
// queued; playlists and directories; errors name the file and line.
#include <doctest/doctest.h>
#include <stb_image_write.h>

#include "scanner/phone_screen.h"
#include "smartstore/scanner/frame_files.h"
#include "support/test_paths.h"

using namespace smartstore::scanner;
using namespace std::chrono_literals;
namespace fs = std::filesystem;
namespace t = smartstore::testing;

namespace {

// A clock that moves only when the source sleeps or the test says so.
struct FakeTime {
  std::chrono::steady_clock::time_point now{};
  FrameFilesOptions options(double fps = 10) {
    FrameFilesOptions o;
    o.fps = fps;
    o.now = [this] { return now; };
    o.sleep = [this](std::chrono::steady_clock::duration d) { now += d; };
    return o;
  }
};

GreyImage flat(std::uint8_t v) {
  return {16, 16, std::vector<std::uint8_t>(256, v)};
}

void write_png(const fs::path& file, std::uint8_t v) {
  const GreyImage img = flat(v);
  REQUIRE(stbi_write_png(file.c_str(), img.width, img.height, 1, img.pixels.data(), img.width) != 0);
}

}  // namespace

TEST_CASE("a consumer keeping up gets every frame in order, waiting for each") {
  FakeTime time;
  auto files = FrameFiles::from_images({{flat(1), 2}, {flat(2), 1}}, time.options(10));
  REQUIRE(files);
  std::vector<int> seen;
  for (int i = 0; i < 6; ++i) {
    auto f = (*files)->next_frame(1000);
    REQUIRE(f);
    REQUIRE(f->has_value());
    seen.push_back((*f)->pixels[0]);
  }
  CHECK(seen == std::vector<int>{1, 1, 2, 1, 1, 2});  // looping
  CHECK((*files)->skipped_frames() == 0);
  CHECK(time.now - std::chrono::steady_clock::time_point{} >= 500ms);  // it waited for frames 1..5
}

TEST_CASE("a busy consumer gets the newest frame; the ones it missed are skipped, not queued") {
  FakeTime time;
  std::vector<std::pair<GreyImage, int>> shots;
  for (int v = 0; v < 20; ++v) shots.emplace_back(flat(static_cast<std::uint8_t>(v)), 1);
  auto files = FrameFiles::from_images(std::move(shots), time.options(10));
  REQUIRE(files);
  auto& source = **files;
  REQUIRE(source.next_frame(100)->value().pixels[0] == 0);
  time.now += 450ms;  // decoding took 4.5 frame periods
  CHECK(source.next_frame(100)->value().pixels[0] == 4);
  CHECK(source.skipped_frames() == 3);
  time.now += 1000ms;
  CHECK(source.next_frame(100)->value().pixels[0] == 14);
  CHECK(source.skipped_frames() == 12);
  CHECK(source.last_frame() == 14);
}

TEST_CASE("no new frame within the timeout is an empty optional; a sequence that does not loop ends") {
  FakeTime time;
  auto o = time.options(2);  // a frame every 500 ms
  o.loop = false;
  auto files = FrameFiles::from_images({{flat(7), 2}}, o);
  REQUIRE(files);
  REQUIRE((*files)->next_frame(100)->has_value());
  CHECK_FALSE((*files)->next_frame(100)->has_value());   // waited 100 ms of 500
  CHECK((*files)->next_frame(1000)->has_value());        // the second frame
  CHECK_FALSE((*files)->next_frame(1000)->has_value());  // the end
  CHECK_FALSE((*files)->next_frame(1000)->has_value());
}

TEST_CASE("a playlist: images relative to it, counts, comments, each image loaded once") {
  t::TempDir dir;
  write_png(dir / "empty.png", 10);
  write_png(dir / "code#1.png", 200);
  t::write_file(dir / "day.frames", "# a store day\nempty.png 3\ncode#1.png 2  # a customer\n\nempty.png\n");
  FakeTime time;
  auto files = FrameFiles::open(dir / "day.frames", time.options(30));
  REQUIRE_MESSAGE(files, (files ? "" : files.error().message()));
  CHECK((*files)->frame_count() == 6);
  std::vector<int> seen;
  for (int i = 0; i < 6; ++i) seen.push_back((*files)->next_frame(100)->value().pixels[0]);
  CHECK(seen == std::vector<int>{10, 10, 10, 200, 200, 10});
  CHECK((*files)->describe().find("6 recorded frames at 30 fps") != std::string::npos);
}

TEST_CASE("a directory replays its images in name order; open_frame_source picks frame files for it") {
  t::TempDir dir;
  write_png(dir / "b.png", 2);
  write_png(dir / "a.png", 1);
  t::write_file(dir / "notes.txt", "not a frame");
  CameraOptions options;
  options.device = dir.path().string();
  auto source = open_frame_source(options);
  REQUIRE_MESSAGE(source, (source ? "" : source.error().message()));
  CHECK((*source)->next_frame(1000)->value().pixels[0] == 1);
  CHECK((*source)->next_frame(1000)->value().pixels[0] == 2);
}

TEST_CASE("errors name what is wrong") {
  t::TempDir dir;
  auto missing = FrameFiles::open(dir / "nothing-here");
  REQUIRE_FALSE(missing);
  CHECK(missing.error().kind() == smartstore::ErrorKind::not_found);
  t::write_file(dir / "bad.frames", "a.png three\n");
  auto bad = FrameFiles::open(dir / "bad.frames");
  REQUIRE_FALSE(bad);
  CHECK(bad.error().message().find("bad.frames:1") != std::string::npos);
  t::write_file(dir / "gone.frames", "gone.png 2\n");
  auto gone = FrameFiles::open(dir / "gone.frames");
  REQUIRE_FALSE(gone);
  CHECK(gone.error().message().find("gone.png") != std::string::npos);
  fs::create_directories(dir / "empty");
  CHECK_FALSE(FrameFiles::open(dir / "empty"));
  FrameFilesOptions zero;
  zero.fps = 0;
  CHECK_FALSE(FrameFiles::from_images({{flat(1), 1}}, zero));
}
