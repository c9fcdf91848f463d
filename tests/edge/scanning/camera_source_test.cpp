// ctest-labels: integration
// smartstored with a camera source on recorded empty frames (a file-backed
// source replayed at 30 fps): an idle kiosk idles. Its CPU over 30 s, read
// from /proc, stays under a tenth of one core. And CameraSource on its own:
// each read names the frame it came from.
#include <doctest/doctest.h>
#include <stb/stb_image_write.h>
#include <unistd.h>

#include <fstream>
#include <mutex>
#include <regex>
#include <sstream>
#include <thread>

#include "../../edge/src/scanning/camera_source.h"
#include "scanner/phone_screen.h"
#include "support/child_process.h"
#include "support/example_config.h"
#include "support/key_files.h"
#include "support/test_paths.h"

using namespace smartstore::testing;
using namespace std::chrono_literals;
namespace synth = smartstore::scanner::synth;

namespace {

void write_png(const std::filesystem::path& file, const synth::Frame& f) {
  REQUIRE(stbi_write_png(file.c_str(), f.width, f.height, 1, f.grey.data(), f.width) != 0);
}

// utime + stime of a process, in seconds.
double cpu_seconds(int pid) {
  std::string stat = read_file("/proc/" + std::to_string(pid) + "/stat");
  std::istringstream fields(stat.substr(stat.rfind(')') + 2));
  std::string field;
  unsigned long long utime = 0, stime = 0;
  for (int i = 3; i <= 15 && (fields >> field); ++i) {
    if (i == 14) utime = std::stoull(field);
    if (i == 15) stime = std::stoull(field);
  }
  return static_cast<double>(utime + stime) / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

}  // namespace

TEST_CASE("smartstored on an idle camera uses under a tenth of a core over 30 s") {
  TempDir dir;
  // Ten seconds of each empty scene (noise, a textured counter, stripes),
  // four noisy takes each, looping.
  std::ofstream playlist(dir / "idle.frames");
  for (auto kind : {synth::EmptyScene::noise, synth::EmptyScene::textured, synth::EmptyScene::stripes}) {
    const auto scene = synth::empty_frame(kind, 1280, 720, 3);
    std::vector<std::string> takes;
    for (unsigned take = 1; take <= 4; ++take) {
      const auto f = synth::with_sensor_noise(scene, take);
      takes.push_back("scene" + std::to_string(static_cast<int>(kind)) + "_" + std::to_string(take) + ".png");
      write_png(dir / takes.back(), f);
    }
    for (int frame = 0; frame < 300; ++frame) playlist << takes[static_cast<std::size_t>(frame % 4)] << "\n";
  }
  playlist.close();
  const auto config = dir / "kiosk.toml";
  write_file(config, example_config_with_source(dir, free_loopback_port(), "camera", dir / "idle.frames"));
  provision_key(dir / "etc/keys/deployment.key");
  provision_key(dir / "etc/keys/coupon.key");

  ChildProcess daemon(program("smartstored"), {"--config", config.string()}, dir / "daemon.log");
  REQUIRE_MESSAGE(daemon.wait_for_log("smartstored ready", 30s), daemon.log());
  REQUIRE_MESSAGE(daemon.wait_for_log("900 recorded frames at 30 fps", 30s), daemon.log());
  std::this_thread::sleep_for(2s);  // past start-up
  const double before = cpu_seconds(daemon.pid());
  const auto t0 = std::chrono::steady_clock::now();
  std::this_thread::sleep_for(30s);
  const double used = cpu_seconds(daemon.pid()) - before;
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  MESSAGE("smartstored idle with a camera: " << 100.0 * used / wall << " % of a core over " << wall << " s");
  CHECK(daemon.running());
  CHECK(used / wall < 0.10);
}

TEST_CASE("each camera delivery names the frame it was read from") {
  TempDir dir;
  write_png(dir / "empty.png", synth::empty_frame(synth::EmptyScene::textured, 640, 480, 3));
  write_png(dir / "code.png", synth::render(synth::Scene{}));
  write_file(dir / "day.frames", "empty.png 15\ncode.png 30\n");  // looped: 45 frames a round
  boost::asio::io_context io;
  auto work = boost::asio::make_work_guard(io);
  std::thread io_thread([&] { io.run(); });
  std::mutex m;
  std::vector<std::pair<std::string, long>> reads;
  smartstore::scanner::CameraOptions options;
  options.device = (dir / "day.frames").string();
  smartstore::edge::scanning::CameraSource camera(
      io, options, [&](const std::string&, const std::string& text, long frame) {
        const std::lock_guard lock(m);
        reads.emplace_back(text, frame);
      });
  camera.start();
  std::this_thread::sleep_for(4s);  // about three rounds
  camera.stop();
  work.reset();
  io.stop();
  io_thread.join();
  REQUIRE(reads.size() >= 3);
  long previous = -1;
  for (const auto& read : reads) {
    CHECK(read.first == "8710123456783459");
    CHECK(read.second % 45 >= 15);  // a frame that showed the code, never an empty one
    CHECK(read.second >= previous);
    previous = read.second;
  }
}
