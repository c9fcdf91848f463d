// ctest-labels: security integration
// Pictures of member cards dropped into the kiosk's scan folder are personal
// data: the real smartstored decodes each once and keeps none of them, and
// deletes the done/ folder an earlier version filled with decoded images.
#include <doctest/doctest.h>
#include <stb/stb_image_write.h>

#include <regex>
#include <thread>

#include "scanner/phone_screen.h"
#include "support/child_process.h"
#include "support/example_config.h"
#include "support/key_files.h"
#include "support/test_paths.h"

using namespace smartstore::testing;
using namespace std::chrono_literals;
namespace synth = smartstore::scanner::synth;

namespace {

void write_card_png(const std::filesystem::path& file, const std::string& number) {
  synth::Scene scene;
  scene.text = number;
  const auto f = synth::render(scene);
  const auto tmp = file.parent_path().parent_path() / file.filename();
  REQUIRE(stbi_write_png(tmp.c_str(), f.width, f.height, 1, f.grey.data(), f.width) != 0);
  std::filesystem::rename(tmp, file);  // appears whole, as a camera process would hand it over
}

std::vector<std::string> files_under(const std::filesystem::path& folder) {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::recursive_directory_iterator(folder))
    if (e.is_regular_file()) out.push_back(e.path().string());
  return out;
}

}  // namespace

TEST_CASE("the scan folder keeps no picture of a member card once it is decoded") {
  TempDir dir;
  const auto inbox = dir / "inbox";
  std::filesystem::create_directories(inbox / "done");
  // What an earlier version left behind: a decoded member card in done/.
  write_card_png(inbox / "done" / "yesterday.png", "8710123456783459");
  write_file(dir / "kiosk.toml", example_config_with_source(dir, free_loopback_port(), "folder", inbox));
  provision_key(dir / "etc/keys/deployment.key");
  provision_key(dir / "etc/keys/coupon.key");

  ChildProcess daemon(program("smartstored"), {"--config", (dir / "kiosk.toml").string()},
                      dir / "daemon.log");
  REQUIRE_MESSAGE(daemon.wait_for_log("smartstored ready", 20s), daemon.log());
  REQUIRE_MESSAGE(daemon.wait_for_log("deleted 1 decoded image(s) an earlier version kept", 10s),
                  daemon.log());

  write_card_png(inbox / "member.png", "8710000000000012");
  REQUIRE_MESSAGE(daemon.wait_for_log("scan via image member.png", 20s), daemon.log());
  // The decode is what the kiosk keeps (a member key in the journal); the picture is gone.
  CHECK(daemon.log().find("[welcome.default]") != std::string::npos);
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (!files_under(inbox).empty() && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(50ms);
  const auto left = files_under(inbox);
  CHECK_MESSAGE(left.empty(), "left in the scan folder: " << (left.empty() ? "" : left.front()));
  CHECK_FALSE(std::filesystem::exists(inbox / "done"));

  // A picture the kiosk cannot read is not kept either.
  write_file(inbox / "garbage.png", "not an image");
  REQUIRE_MESSAGE(daemon.wait_for_log("scan folder: garbage.png", 20s), daemon.log());
  const auto deadline2 = std::chrono::steady_clock::now() + 5s;
  while (std::filesystem::exists(inbox / "garbage.png") && std::chrono::steady_clock::now() < deadline2)
    std::this_thread::sleep_for(50ms);
  CHECK_FALSE(std::filesystem::exists(inbox / "garbage.png"));
}
