// ctest-labels: integration
// The built smartstore-scan on real image files: a membership Code 128 on a
// phone screen and a product QR on a dark-mode screen (PNG files written here),
// a frame with nothing in it, and a file that is not an image. One JSON line
// per code with file, format, text, payload type, position, decode ms; the
// membership number masked unless --raw; exit status 0 / 1 / 3.
#include <doctest/doctest.h>
#include <stb_image_write.h>
#include <nlohmann/json.hpp>

#include "scanner/phone_screen.h"
#include "support/child_process.h"
#include "support/test_paths.h"

#include <sstream>

namespace fs = std::filesystem;
namespace t = smartstore::testing;
namespace synth = smartstore::scanner::synth;
using namespace std::chrono_literals;

namespace {

void write_png(const fs::path& file, const synth::Frame& f) {
  REQUIRE(stbi_write_png(file.c_str(), f.width, f.height, 1, f.grey.data(), f.width) != 0);
}

struct Run {
  int status = -1;
  std::vector<nlohmann::json> lines;  // the JSON lines of the output
  std::string other;                  // everything else (stderr)
};

Run scan(const t::TempDir& dir, const std::vector<std::string>& args) {
  const fs::path log = dir / "scan.log";
  fs::remove(log);
  t::ChildProcess p(t::program("smartstore-scan"), args, log);
  Run r;
  r.status = p.wait(20s);
  std::istringstream in(p.log());
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line[0] == '{')
      r.lines.push_back(nlohmann::json::parse(line));
    else
      r.other += line + "\n";
  }
  return r;
}

}  // namespace

TEST_CASE("smartstore-scan: one JSON line per code, masked member numbers, exit status") {
  t::TempDir dir;
  synth::Scene member;  // 640x480, Code 128, light screen
  write_png(dir / "member.png", synth::render(member));
  synth::Scene product;
  product.format = ZXing::BarcodeFormat::QRCode;
  product.text = "4006381333931";  // EAN-13 GTIN as a product QR
  product.dark_mode = true;
  product.seed = 3;
  write_png(dir / "product.png", synth::render(product));
  synth::Frame counter{640, 480, std::vector<std::uint8_t>(640 * 480)};  // an empty counter top
  for (std::size_t i = 0; i < counter.grey.size(); ++i)
    counter.grey[i] = static_cast<std::uint8_t>(90 + (i * 7919) % 41);
  write_png(dir / "nothing.png", counter);
  t::write_file(dir / "broken.png", "this is not an image");

  const std::string member_png = (dir / "member.png").string(), product_png = (dir / "product.png").string();
  const auto found = scan(dir, {member_png, product_png});
  CHECK(found.status == 0);
  REQUIRE(found.lines.size() == 2);
  const auto& m = found.lines[0];
  CHECK(m["file"] == member_png);
  CHECK(m["format"] == "Code128");
  CHECK(m["payload"] == "member_card");
  CHECK(m["text"] == "8710********3459");  // masked by default
  CHECK(m["decode_ms"].get<double>() > 0);
  CHECK(m["pass"].is_string());
  REQUIRE(m["position"].size() == 4);
  for (const auto& corner : m["position"]) {  // on the phone, inside the 640x480 frame
    CHECK(corner[0].get<int>() > 60);
    CHECK(corner[0].get<int>() < 580);
    CHECK(corner[1].get<int>() > 60);
    CHECK(corner[1].get<int>() < 420);
  }
  const auto& q = found.lines[1];
  CHECK(q["file"] == product_png);
  CHECK(q["format"] == "QRCode");
  CHECK(q["payload"] == "product");
  CHECK(q["text"] == "4006381333931");
  CHECK(q["pass"].get<std::string>().find("inverted") != std::string::npos);
  CHECK(found.other.find("8710123456783459") == std::string::npos);

  const auto raw = scan(dir, {"--raw", member_png});
  CHECK(raw.status == 0);
  REQUIRE(raw.lines.size() == 1);
  CHECK(raw.lines[0]["text"] == "8710123456783459");  // the technician asked for it

  const auto none = scan(dir, {(dir / "nothing.png").string()});
  CHECK(none.status == 1);
  CHECK(none.lines.empty());

  const auto broken = scan(dir, {(dir / "broken.png").string()});
  CHECK(broken.status == 3);
  CHECK(broken.lines.empty());
  CHECK(broken.other.find("broken.png") != std::string::npos);

  const auto missing = scan(dir, {(dir / "missing.png").string(), member_png});
  CHECK(missing.status == 0);  // something was found; the missing file is on stderr
  CHECK(missing.lines.size() == 1);
  CHECK(missing.other.find("missing.png") != std::string::npos);

  CHECK(scan(dir, {"--check", "crc"}).status == 2);
  CHECK(scan(dir, {}).status == 2);
}
