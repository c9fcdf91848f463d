// ctest-labels: integration
// Effort follows evidence, on replayed frames at 30 fps with the clock passed
// in: a code held still is read at once and keeps being read at the capped
// rate; a moving background with no code never gets more full cascades than
// the cap allows; an empty scene costs a quick pass now and then.
#include <doctest/doctest.h>

#include "scanner/phone_screen.h"
#include "smartstore/scanner/camera_decoder.h"

#include <chrono>

using namespace smartstore::scanner;
using namespace std::chrono_literals;

namespace {

GreyImage grey(const synth::Frame& f) {
  return {f.width, f.height, f.grey};
}

// A scene as a camera films it: four noisy takes, cycled.
std::vector<GreyImage> takes(const synth::Frame& scene) {
  std::vector<GreyImage> out;
  for (unsigned seed = 1; seed <= 4; ++seed) out.push_back(grey(synth::with_sensor_noise(scene, seed)));
  return out;
}

synth::Frame phone_frame(synth::Scene s = {}) {
  s.width = 1280;
  s.height = 720;
  return synth::render(s);
}

struct Replay {
  CameraDecoder decoder;
  CameraDecoder::Clock::time_point now{};
  explicit Replay(CameraEffort effort = {}) : decoder(effort) {}
  CameraDecodeResult next(const GreyImage& frame) {
    auto r = decoder.offer(frame, now);
    now += std::chrono::microseconds(33'333);
    return r;
  }
  struct Played {
    int reads = 0;   // frames that gave `text`
    int first = -1;  // the first frame that gave any code
  };
  Played play(const std::vector<GreyImage>& frames, int n, const std::string& text = "") {
    int reads = 0, first = -1;
    for (int i = 0; i < n; ++i) {
      const auto r = next(frames[static_cast<std::size_t>(i) % frames.size()]);
      if (r.report.codes.empty()) continue;
      if (r.report.codes[0].text == text) ++reads;
      if (first < 0) first = i;
    }
    return {reads, first};
  }
};

}  // namespace

TEST_CASE("a code held still after an empty stretch is read on its first frame and again at the idle rate") {
  Replay replay;
  const auto empty = takes(synth::empty_frame(synth::EmptyScene::textured, 1280, 720, 3));
  const auto idle = replay.play(empty, 30);  // one second
  CHECK(idle.first == -1);
  const auto before = replay.decoder.counts();
  CHECK(before.cascades <= 1);  // the first picture, once it settled
  CHECK(before.quick <= 2);
  CHECK(before.focused == 0);

  const auto code = takes(phone_frame());
  const auto held = replay.play(code, 60, "8710123456783459");  // held still for two seconds
  const int reads = held.reads;
  CHECK(held.first == 0);
  const auto after = replay.decoder.counts();
  MESSAGE("held 2 s: read " << reads << " times; full " << after.full - before.full << ", focused "
                            << after.focused - before.focused << ", none " << after.none - before.none);
  CHECK(after.full - before.full == 1);  // read at the first try: nothing carried on, no second cascade
  CHECK(reads >= 4);                     // read again while held: 2 Hz region passes
  CHECK(reads <= 6);
}

TEST_CASE("a still code only the full cascade reads is read on its first frame") {
  CameraEffort effort;
  effort.budget_ms = 0;  // no time limit: the test must not depend on the machine's load
  Replay replay(effort);
  synth::Scene s;
  s.screen_frac = 0.3;
  s.tilt = 0.25;
  s.angle_deg = 12;
  s.seed = 7;
  const auto code = takes(phone_frame(s));
  const auto r = replay.next(code[0]);
  CHECK(r.code_like);
  CHECK(r.pass == CameraPass::full);
  REQUIRE(r.report.codes.size() == 1);
  CHECK(r.report.codes[0].text == "8710123456783459");
}

TEST_CASE("a moving code-like background gets no more full cascades than the cap allows") {
  CameraEffort effort;
  effort.budget_ms = 20;  // keeps the test short; the cap is what is tested
  Replay replay(effort);
  std::vector<GreyImage> moving;
  for (unsigned shift = 0; shift < 24; shift += 3)  // stripes sliding 3 px a frame
    moving.push_back(grey(
        synth::with_sensor_noise(synth::empty_frame(synth::EmptyScene::stripes, 1280, 720, shift), shift)));
  const auto played = replay.play(moving, 90);  // three seconds
  const auto c = replay.decoder.counts();
  MESSAGE("moving stripes 3 s: cascades " << c.cascades << ", full " << c.full << ", focused " << c.focused
                                          << ", quick " << c.quick);
  CHECK(played.first == -1);
  CHECK(c.cascades >= 2);
  CHECK(c.cascades <= 3 * 4 + 1);  // full_decode_hz 4
  CHECK(c.full == c.cascades);     // a moving picture's cascades are not carried on
  CHECK(c.focused <= 3 * 15 + 1);
}

TEST_CASE("people passing (a changing picture, nothing code-like) get only capped quick passes") {
  Replay replay;
  std::vector<GreyImage> passing;
  for (unsigned seed = 1; seed <= 6; ++seed)
    passing.push_back(grey(synth::empty_frame(synth::EmptyScene::textured, 1280, 720, seed)));
  replay.play(passing, 90);
  const auto c = replay.decoder.counts();
  CHECK(c.full == 0);  // it never settles
  CHECK(c.focused == 0);
  CHECK(c.quick <= 3 * 2 + 1);  // idle_decode_hz 2
  CHECK(c.none >= 90 - 7);
}

TEST_CASE("a still code the cascade needs many steps for is read by carrying it on, frame after frame") {
  CameraEffort effort;
  effort.budget_ms = 1e-6;  // one step of the cascade per frame
  Replay replay(effort);
  synth::Scene s;  // rotated and a little blurred: the quick passes miss it, a crop window reads it
  s.angle_deg = 12;
  s.blur = 1;
  s.seed = 6;
  const std::vector<GreyImage> code{grey(synth::render(s))};
  const auto held = replay.play(code, 60, "8710123456783459");
  const auto c = replay.decoder.counts();
  MESSAGE("read at frame " << held.first << "; cascades " << c.cascades << ", full " << c.full);
  REQUIRE(held.first >= 0);
  CHECK(held.first >= 3);  // several steps of the cascade
  CHECK(held.reads >= 1);
  CHECK(c.cascades == 1);  // one cascade, carried on
  // Frame after frame, without waiting for the cascade cap (4 Hz: every 8th frame).
  CHECK(c.full == held.first + 1);
}

TEST_CASE(
    "still empty scenes: one full cascade once settled, carried on to its end, then quick passes at the idle "
    "rate") {
  for (auto kind : {synth::EmptyScene::noise, synth::EmptyScene::textured, synth::EmptyScene::stripes}) {
    CameraEffort effort;
    effort.budget_ms = 20;
    Replay replay(effort);
    replay.play(takes(synth::empty_frame(kind, 1280, 720, 5)), 150);  // five seconds
    const auto c = replay.decoder.counts();
    MESSAGE("scene " << static_cast<int>(kind) << ": cascades " << c.cascades << ", full " << c.full
                     << ", focused " << c.focused << ", quick " << c.quick);
    CHECK(c.cascades == 1);
    CHECK(c.full >= 1);
    CHECK(c.full <= 26);  // at most one frame per step of the cascade
    CHECK(c.quick + c.focused <= 5 * 2 + 1);
    CHECK(c.decoded == 0);
  }
}
