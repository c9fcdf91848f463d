// ctest-labels: integration
// The first look on every frame: phone codes and the black-box images look
// code-like (and the region holds the code), empty scenes do not, and sensor
// noise is no change while a phone coming in is.
#include <doctest/doctest.h>

#include "scanner/phone_screen.h"
#include "smartstore/scanner/decoder.h"
#include "smartstore/scanner/first_look.h"
#include "support/test_paths.h"

#include <algorithm>
#include <chrono>

using namespace smartstore::scanner;
namespace fs = std::filesystem;

namespace {
GreyImage grey(const synth::Frame& f) {
  return {f.width, f.height, f.grey};
}

bool inside(const Region& r, const Point& p) {
  return p.x >= r.x && p.x <= r.x + r.width && p.y >= r.y && p.y <= r.y + r.height;
}
}  // namespace

TEST_CASE("phone-screen frames look code-like, and the region holds the code") {
  const FirstLook look;
  const FrameDecoder decoder;
  int frames = 0, code_like = 0, held = 0, decoded = 0;
  double ms = 0;
  for (const auto& scene : synth::distortion_set(false)) {
    const GreyImage f = grey(synth::render(scene));
    const auto t0 = std::chrono::steady_clock::now();
    const Glance g = look.glance(f);
    ms += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    ++frames;
    code_like += g.code_like();
    if (!g.code_like())
      MESSAGE("not code-like: " << scene.width << "x" << scene.height << " dark " << scene.dark_mode
                                << " angle " << scene.angle_deg << " blur " << scene.blur << " screen "
                                << scene.screen_frac);
    const auto report = decoder.decode(f);
    if (!report || report->codes.empty()) continue;
    ++decoded;
    const auto& corners = report->codes[0].corners;
    held +=
        std::all_of(corners.begin(), corners.end(), [&](const Point& p) { return inside(g.code_region, p); });
  }
  MESSAGE("code-like " << code_like << "/" << frames << ", region holds the code " << held << "/" << decoded
                       << ", look " << ms / frames << " ms per frame");
  CHECK(code_like == frames);
  CHECK(held == decoded);
}

// Two QR codes with very large modules do not (CameraDecoder gives a picture
// that changed and settled a full cascade for that).
TEST_CASE("the black-box images look code-like, nearly all") {
  const FirstLook look;
  int images = 0, code_like = 0;
  const fs::path root = smartstore::testing::data_path("barcodes/zxing-cpp-blackbox");
  for (const auto& folder : fs::directory_iterator(root)) {
    if (!folder.is_directory()) continue;
    for (const auto& e : fs::directory_iterator(folder.path())) {
      if (!fs::exists(fs::path(e.path()).replace_extension(".txt")) || e.path().extension() == ".txt")
        continue;
      auto image = load_image_file(e.path());
      if (!image) continue;
      ++images;
      const bool like = look.glance(*image).code_like();
      code_like += like;
      if (!like)
        MESSAGE("not code-like: " << e.path().parent_path().filename().string() << "/"
                                  << e.path().filename().string());
    }
  }
  MESSAGE("code-like " << code_like << "/" << images);
  CHECK(code_like >= images - 2);
}

TEST_CASE("empty scenes: noise and a textured counter are not code-like, stripes are; noise is no change") {
  const FirstLook look;
  for (auto kind : {synth::EmptyScene::noise, synth::EmptyScene::textured, synth::EmptyScene::stripes}) {
    const auto scene = synth::empty_frame(kind, 1280, 720, 3);
    const Glance a = look.glance(grey(synth::with_sensor_noise(scene, 1)));
    const Glance b = look.glance(grey(synth::with_sensor_noise(scene, 2)));
    CHECK(a.code_like() == (kind == synth::EmptyScene::stripes));
    MESSAGE("scene " << static_cast<int>(kind) << ": code cells " << a.code_cells << ", changed cells "
                     << look.changed_cells(a, b));
    CHECK_FALSE(look.changed(a, b));
  }
  synth::Scene phone;
  phone.width = 1280;
  phone.height = 720;
  const Glance empty = look.glance(grey(synth::empty_frame(synth::EmptyScene::textured, 1280, 720, 3)));
  const Glance with_phone = look.glance(grey(synth::render(phone)));
  CHECK(look.changed(empty, with_phone));
}

TEST_CASE("frames too small for a grid give an empty glance") {
  const FirstLook look;
  const Glance g = look.glance(GreyImage{4, 4, std::vector<std::uint8_t>(16, 0)});
  CHECK(g.columns == 0);
  CHECK_FALSE(g.code_like());
  CHECK_FALSE(look.glance(GreyImage{}).code_like());
}
