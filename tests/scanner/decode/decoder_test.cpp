#include <doctest/doctest.h>

#include "scanner/phone_screen.h"
#include "smartstore/scanner/decoder.h"
#include "support/test_paths.h"

using namespace smartstore::scanner;

namespace {
DecodeReport decode(const synth::Frame& f, DecodeOptions o = {}) {
  auto report = FrameDecoder(o).decode(FrameView{f.grey.data(), f.width, f.height, 0, PixelFormat::grey8});
  REQUIRE(report);
  return *std::move(report);
}

// A small tilted Code 128 in a 1280x720 frame: both quick passes miss it.
synth::Frame small_tilted_code() {
  synth::Scene s;
  s.width = 1280;
  s.height = 720;
  s.format = ZXing::BarcodeFormat::Code128;
  s.screen_frac = 0.3;
  s.tilt = 0.25;
  s.angle_deg = 12;
  s.seed = 7;
  return synth::render(s);
}
}  // namespace

TEST_CASE(
    "a membership Code 128 on a phone screen, 640x480, read by the first quick pass with its position") {
  synth::Scene s;
  const auto f = synth::render(s);
  const auto r = decode(f);
  REQUIRE(r.codes.size() == 1);
  CHECK(r.codes[0].text == "8710123456783459");
  CHECK(r.codes[0].format == "Code128");
  CHECK(r.codes[0].pass == "direct_quick");
  CHECK(r.passes == 1);
  for (const auto& p : r.codes[0].corners) {  // on the phone, in the frame
    CHECK(p.x > 100);
    CHECK(p.x < 540);
  }
}

TEST_CASE("without the quick path, or when several codes are wanted, the thorough pass reads first") {
  synth::Scene s;
  const auto f = synth::render(s);
  DecodeOptions thorough;
  thorough.quick_first = false;
  auto r = decode(f, thorough);
  REQUIRE(r.codes.size() == 1);
  CHECK(r.codes[0].pass == "direct");
  CHECK(r.passes == 1);
  DecodeOptions several;
  several.max_codes = 3;
  r = decode(f, several);
  REQUIRE(r.codes.size() == 1);
  CHECK(r.codes[0].text == "8710123456783459");
  CHECK(r.codes[0].pass == "direct");
}

TEST_CASE("a small tilted code in a 1280x720 frame that both quick passes miss is read by a later pass") {
  const auto f = small_tilted_code();
  const auto r = decode(f);
  REQUIRE(r.codes.size() == 1);
  CHECK(r.codes[0].text == "8710123456783459");
  CHECK(r.passes > 2);
  CHECK(r.codes[0].pass != "direct_quick");
  for (const auto& p : r.codes[0].corners) {  // on the phone near the centre
    CHECK(p.x > 320);
    CHECK(p.x < 960);
    CHECK(p.y > 180);
    CHECK(p.y < 540);
  }
}

TEST_CASE("a cascade its budget cut short carries on where it stopped and reads what the whole one reads") {
  const auto f = small_tilted_code();
  const auto whole = decode(f);
  REQUIRE(whole.codes.size() == 1);
  REQUIRE(whole.passes > 2);
  CHECK(whole.resume_at == 0);

  DecodeOptions step;
  step.budget_ms = 1e-6;  // spent by any pass: each call runs one step
  int calls = 0, last = 0;
  DecodeReport r;
  do {
    step.resume_from = r.resume_at;
    r = decode(f, step);
    ++calls;
    CHECK(r.passes == 1);
    if (r.codes.empty() && r.resume_at == 0) break;  // ran to its end without the code
    if (r.codes.empty()) CHECK(r.resume_at > last);  // always further on
    last = r.resume_at;
  } while (r.codes.empty() && calls < 100);
  REQUIRE(r.codes.size() == 1);
  CHECK(r.codes[0].text == whole.codes[0].text);
  CHECK(r.codes[0].pass == whole.codes[0].pass);
  CHECK(calls == whole.passes);  // no step run twice, none left out
  CHECK(r.resume_at == 0);
}

TEST_CASE("dark mode: inverted QR needs the inverted retry") {
  synth::Scene s;
  s.format = ZXing::BarcodeFormat::QRCode;
  s.dark_mode = true;
  const auto f = synth::render(s);
  DecodeOptions plain;
  plain.retry_inverted = plain.retry_contrast = plain.retry_pyramid = false;
  CHECK(decode(f, plain).codes.empty());  // what ZXing 1.4 alone does
  const auto r = decode(f);
  REQUIRE(r.codes.size() == 1);
  CHECK(r.codes[0].text == "8710123456783459");
  CHECK(r.codes[0].pass == "inverted_quick");  // before any thorough pass
  CHECK(r.passes == 2);
}

TEST_CASE("YUYV and RGB frames decode like grey ones") {
  synth::Scene s;
  s.format = ZXing::BarcodeFormat::QRCode;
  const auto f = synth::render(s);
  std::vector<std::uint8_t> yuyv(f.grey.size() * 2), rgb(f.grey.size() * 3);
  for (std::size_t i = 0; i < f.grey.size(); ++i) {
    yuyv[2 * i] = f.grey[i];
    yuyv[2 * i + 1] = 128;
    rgb[3 * i] = rgb[3 * i + 1] = rgb[3 * i + 2] = f.grey[i];
  }
  FrameDecoder d;
  auto a = d.decode(FrameView{yuyv.data(), f.width, f.height, 0, PixelFormat::yuyv});
  auto b = d.decode(FrameView{rgb.data(), f.width, f.height, 0, PixelFormat::rgb24});
  REQUIRE(a);
  REQUIRE(b);
  REQUIRE(a->codes.size() == 1);
  REQUIRE(b->codes.size() == 1);
  CHECK(a->codes[0].text == "8710123456783459");
  CHECK(b->codes[0].text == "8710123456783459");
}

TEST_CASE("inconsistent frames are reported, not decoded") {
  FrameDecoder d;
  std::uint8_t px[4] = {};
  const auto no_data = d.decode(FrameView{nullptr, 10, 10, 0, PixelFormat::grey8});
  REQUIRE_FALSE(no_data);
  CHECK(no_data.error().kind() == smartstore::ErrorKind::invalid_input);
  CHECK_FALSE(d.decode(FrameView{px, 4, 1, 2, PixelFormat::grey8}));
  const auto tiny = d.decode(FrameView{px, 2, 2, 0, PixelFormat::grey8});
  REQUIRE(tiny);
  CHECK(tiny->codes.empty());
}
