// The kiosk camera through its real path (CameraSource on recorded frames
// replayed at 30 fps from a playlist) over a store day in small: a long idle
// stretch of empty frames (sensor noise, a textured counter, stripes), then
// phone-screen and black-box codes held up one after another, then idle
// again. Baselines: ZXing's ReadBarcode with default hints on every frame of
// the same idle playlist at the same rate, and on the same code frames.
#define ZX_USE_UTF8 1
#include <ZXing/ReadBarcode.h>
#include <stb_image_write.h>

#include <utility>  // before Asio (g++ 12 + Boost 1.74)

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include <ctime>
#include <fstream>
#include <mutex>
#include <numeric>
#include <optional>
#include <stdexcept>
#include <thread>

#include "bench_registry.h"
#include "edge/src/scanning/camera_source.h"
#include "smartstore/scanner/frame_files.h"
#include "tests/scanner/phone_screen.h"

namespace {
using namespace smartstore::bench;
namespace sc = smartstore::scanner;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr double kFps = 30;

struct Shot {
  fs::path file;
  std::string text;    // empty: no code
  bool phone = false;  // the phone-screen set, else the black-box images
};

double thread_cpu_seconds() {
  timespec ts{};
  ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

void write_png(const fs::path& file, int w, int h, const std::vector<std::uint8_t>& grey) {
  if (stbi_write_png(file.c_str(), w, h, 1, grey.data(), w) == 0)
    throw std::runtime_error("cannot write " + file.string());
}

// Four noisy takes of each empty scene, as files.
std::vector<fs::path> empty_takes(const fs::path& dir) {
  std::vector<fs::path> out;
  for (auto kind :
       {sc::synth::EmptyScene::noise, sc::synth::EmptyScene::textured, sc::synth::EmptyScene::stripes}) {
    const auto scene = sc::synth::empty_frame(kind, 1280, 720, 3);
    for (unsigned take = 1; take <= 4; ++take) {
      const auto f = sc::synth::with_sensor_noise(scene, take);
      out.push_back(dir /
                    ("empty" + std::to_string(static_cast<int>(kind)) + "_" + std::to_string(take) + ".png"));
      write_png(out.back(), f.width, f.height, f.grey);
    }
  }
  return out;
}

std::vector<Shot> code_shots(const fs::path& dir, bool quick) {
  std::vector<Shot> shots;
  int i = 0;
  for (const auto& s : sc::synth::distortion_set(quick)) {
    const auto f = sc::synth::render(s);
    shots.push_back({dir / ("phone" + std::to_string(i++) + ".png"), s.text, true});
    write_png(shots.back().file, f.width, f.height, f.grey);
  }
  const fs::path root = fs::path(SMARTSTORE_SOURCE_DIR) / "tests/data/barcodes/zxing-cpp-blackbox";
  std::vector<fs::path> images;
  for (const auto& folder : fs::directory_iterator(root))
    if (folder.is_directory())
      for (const auto& e : fs::directory_iterator(folder.path()))
        if (e.path().extension() != ".txt" && fs::exists(fs::path(e.path()).replace_extension(".txt")))
          images.push_back(e.path());
  std::sort(images.begin(), images.end());
  for (std::size_t k = 0; k < images.size(); k += quick ? 4 : 1) {
    std::ifstream in(fs::path(images[k]).replace_extension(".txt"), std::ios::binary);
    shots.push_back({images[k], std::string(std::istreambuf_iterator<char>(in), {}), false});
  }
  return shots;
}

// `seconds` of the empty takes, one per frame, cycling through the scenes.
void write_idle(std::ofstream& playlist, const std::vector<fs::path>& takes, double seconds) {
  const int frames = static_cast<int>(seconds * kFps);
  const int per_scene = std::max(1, frames / 3);
  for (int i = 0; i < frames; ++i) {
    const std::size_t scene = static_cast<std::size_t>(std::min(2, i / per_scene));
    playlist << takes[scene * 4 + static_cast<std::size_t>(i % 4)].string() << " 1\n";
  }
}

// ReadBarcode (default hints) on every frame of a playlist at the same rate:
// the baseline's CPU per wall second.
double bare_zxing_cpu_pct(const fs::path& playlist, double seconds) {
  auto source = sc::FrameFiles::open(playlist);
  if (!source) throw std::runtime_error(source.error().message());
  const double cpu0 = thread_cpu_seconds();
  const auto t0 = Clock::now();
  while (seconds_since(t0) < seconds) {
    auto frame = (*source)->next_frame(200);
    if (!frame || !*frame) continue;
    const auto& f = **frame;
    (void)ZXing::ReadBarcode(ZXing::ImageView(f.pixels.data(), f.width, f.height, ZXing::ImageFormat::Lum));
  }
  return 100.0 * (thread_cpu_seconds() - cpu0) / seconds_since(t0);
}

}  // namespace

namespace {

struct Delivery {
  Clock::time_point at;
  std::string text;
  std::string pass;  // the camera's label: format and pass
  long frame = -1;   // the playlist frame it was read from
};

struct DayRun {
  double idle_cpu_pct = 0;
  std::vector<Delivery> deliveries;
  Clock::time_point first_frame;
  smartstore::edge::scanning::CameraStats stats;
};

// The playlist through CameraSource in real time; CPU of its thread over the
// idle stretches (each after its first second, where the scene was new).
DayRun replay_day(const fs::path& playlist, double idle_before, double codes, double idle_after) {
  boost::asio::io_context io;
  auto guard = boost::asio::make_work_guard(io);
  std::thread io_thread([&] { io.run(); });
  DayRun day;
  std::mutex m;
  sc::CameraOptions options;
  options.device = playlist.string();
  options.replay_fps = kFps;
  smartstore::edge::scanning::CameraSource camera(
      io, options, [&](const std::string& source, const std::string& text, long frame) {
        const std::lock_guard lock(m);
        day.deliveries.push_back({Clock::now(), text, source, frame});
      });
  camera.start();
  while (camera.stats().decoded.frames == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  day.first_frame = camera.stats().first_frame;
  auto at = [&](double s) {
    return day.first_frame + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s));
  };
  double cpu = 0, wall = 0;
  auto measure = [&](double from, double to) {
    std::this_thread::sleep_until(at(from));
    const double c0 = camera.stats().thread_cpu_s;
    const auto t0 = Clock::now();
    std::this_thread::sleep_until(at(to));
    cpu += camera.stats().thread_cpu_s - c0;
    wall += seconds_since(t0);
  };
  measure(1, idle_before);
  measure(idle_before + codes + 1, idle_before + codes + idle_after);
  day.idle_cpu_pct = 100.0 * cpu / wall;
  day.stats = camera.stats();
  camera.stop();
  guard.reset();
  io.stop();
  io_thread.join();
  return day;
}

double zxing_ms(const sc::GreyImage& f, const std::string& text, bool& read) {
  const auto t0 = Clock::now();
  const auto z =
      ZXing::ReadBarcode(ZXing::ImageView(f.pixels.data(), f.width, f.height, ZXing::ImageFormat::Lum));
  const double ms = seconds_since(t0) * 1e3;
  read = z.isValid() && z.text() == text;
  return ms;
}

struct Tally {
  std::vector<double> ttd, zx_read_ms, easy_ours, easy_zx, hard_ours, hard_zx;
  int phone = 0, phone_ref = 0, phone_cam = 0, box_ref = 0, box_cam = 0, misreads = 0;
  std::vector<std::pair<double, std::string>> slow;  // reads over 100 ms, for the log
};

// The playlist's layout: `first` idle frames, then each shot for `hold` frames.
struct Layout {
  long first = 0;
  int hold = 0;
  std::size_t shots = 0;
  // The shot a frame showed; none for the idle frames.
  [[nodiscard]] std::optional<std::size_t> shot(long frame) const {
    if (frame < first || frame >= first + static_cast<long>(shots) * hold) return std::nullopt;
    return static_cast<std::size_t>((frame - first) / hold);
  }
};

// Each delivery belongs to the frame it was read from: a text other than
// that frame's code (or any text from an idle frame) is a misread. Per shot,
// the first read of its code, in ms after its first frame was captured.
std::vector<std::optional<double>> reads_per_shot(const DayRun& day, const std::vector<Shot>& shots,
                                                  const Layout& layout, int& misreads) {
  std::vector<std::optional<double>> first(shots.size());
  for (const auto& d : day.deliveries) {
    const auto k = layout.shot(d.frame);
    if (!k || d.text != shots[*k].text) {
      ++misreads;
      continue;
    }
    const double shown_s = static_cast<double>(layout.first + static_cast<long>(*k) * layout.hold) / kFps;
    const double ms =
        std::chrono::duration<double, std::milli>(d.at - day.first_frame).count() - 1e3 * shown_s;
    if (!first[*k] || ms < *first[*k]) first[*k] = ms;
  }
  return first;
}

// Each shot offline too: readable by the full cascade without a time limit
// (today's decode rates), by ZXing alone, and the camera decoder's look at it
// as a fresh decoder sees a code that just appeared.
Tally tally(const DayRun& day, const std::vector<Shot>& shots, const Layout& layout) {
  Tally t;
  const sc::FrameDecoder reference;
  const auto reads = reads_per_shot(day, shots, layout, t.misreads);
  for (std::size_t k = 0; k < shots.size(); ++k) {
    const auto& s = shots[k];
    auto image = sc::load_image_file(s.file);
    if (!image) throw std::runtime_error(image.error().message());
    const auto ref = reference.decode(*image);
    const bool readable = ref && !ref->codes.empty() && ref->codes[0].text == s.text;
    bool zx = false;
    const double zms = zxing_ms(*image, s.text, zx);
    sc::CameraDecoder fresh;
    const auto t0 = Clock::now();
    (void)fresh.offer(*image, t0);
    const double ours = seconds_since(t0) * 1e3;
    if (zx) {  // easy: ZXing alone reads it
      t.zx_read_ms.push_back(zms);
      t.easy_ours.push_back(ours);
      t.easy_zx.push_back(zms);
    } else if (readable) {  // hard: only the full cascade does
      t.hard_ours.push_back(ours);
      t.hard_zx.push_back(zms);
    }
    const auto& got = reads[k];
    (s.phone ? t.phone_ref : t.box_ref) += readable;
    (s.phone ? t.phone_cam : t.box_cam) += got.has_value();
    t.phone += s.phone;
    if (readable)
      t.ttd.push_back(got.value_or(1000.0 * layout.hold / kFps));  // a miss counts as the whole hold
    if (readable && (!got || *got > 100))
      t.slow.emplace_back(got.value_or(-1),
                          s.file.filename().string() + " (unlimited cascade: " + ref->codes[0].pass +
                              " after " + std::to_string(static_cast<int>(ref->codes[0].decode_ms)) + " ms)");
  }
  return t;
}

double mean(const std::vector<double>& v) {
  return v.empty() ? 0.0 : std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}

SMARTSTORE_BENCH("scanner_camera") {
  const fs::path dir = ctx.scratch_dir;
  const auto takes = empty_takes(dir);
  const auto shots = code_shots(dir, ctx.quick);
  const double idle_before = ctx.quick ? 6 : 20, idle_after = ctx.quick ? 4 : 10;
  const int hold = 30;  // each code held up for a second
  const fs::path playlist = dir / "day.frames", idle_playlist = dir / "idle.frames";
  {
    std::ofstream day(playlist), idle(idle_playlist);
    write_idle(day, takes, idle_before);
    for (const auto& s : shots) day << s.file.string() << " " << hold << "\n";
    write_idle(day, takes, idle_after);
    write_idle(idle, takes, idle_after);
  }
  const double codes_s = static_cast<double>(shots.size()) * hold / kFps;
  const DayRun day = replay_day(playlist, idle_before, codes_s, idle_after);
  const double bare_cpu = bare_zxing_cpu_pct(idle_playlist, idle_after);
  const Layout layout{static_cast<long>(idle_before * kFps), hold, shots.size()};
  const Tally t = tally(day, shots, layout);
  const double phone_n = std::max(t.phone, 1);
  const auto& c = day.stats.decoded;
  std::fprintf(stderr,
               "scanner_camera: frames %ld (skipped %ld): none %ld, quick %ld, focused %ld, full %ld (%ld "
               "cascades); misreads %d; easy frames %zu, hard %zu; time to decode p50 %.1f ms, max %.1f ms\n",
               c.frames, day.stats.skipped, c.none, c.quick, c.focused, c.full, c.cascades, t.misreads,
               t.easy_ours.size(), t.hard_ours.size(), percentile(t.ttd, 50),
               t.ttd.empty() ? 0.0 : *std::max_element(t.ttd.begin(), t.ttd.end()));
  for (const auto& [ms, what] : t.slow)
    std::fprintf(stderr, "scanner_camera: %s %s\n",
                 ms < 0 ? "missed" : (std::to_string(static_cast<int>(ms)) + " ms").c_str(), what.c_str());
  const char* zxing = "ZXing ReadBarcode, default hints";
  return {
      {"camera_idle_cpu_pct", day.idle_cpu_pct, "pct", bare_cpu,
       "ZXing ReadBarcode on every idle frame, 30 fps"},
      {"camera_time_to_decode_p95_ms", percentile(t.ttd, 95), "ms", percentile(t.zx_read_ms, 95),
       "ZXing ReadBarcode time on the code frames it reads"},
      {"camera_phone_decode_rate_pct", 100.0 * t.phone_cam / phone_n, "pct", 100.0 * t.phone_ref / phone_n,
       "FrameDecoder on each frame, no time limit"},
      {"camera_blackbox_decoded", static_cast<double>(t.box_cam), "images", static_cast<double>(t.box_ref),
       "FrameDecoder on each image, no time limit"},
      {"camera_misreads", static_cast<double>(t.misreads), "codes", 0, "none allowed"},
      {"camera_easy_decode_frame_ms", mean(t.easy_ours), "ms", mean(t.easy_zx), zxing},
      {"camera_hard_decode_frame_ms", mean(t.hard_ours), "ms", mean(t.hard_zx), zxing},
  };
}

}  // namespace
