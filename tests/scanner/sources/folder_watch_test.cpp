// FolderWatch on a real folder: files written or renamed in are reported once
// each, promptly (inotify, not the polling cadence); dot-temporaries and
// sub-folders are not; files present at start come first.
#include <doctest/doctest.h>

#include "smartstore/scanner/folder_watch.h"
#include "support/test_paths.h"

#include <chrono>
#include <thread>
#include <vector>

using namespace smartstore::scanner;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {
// Runs the io_context until `done` or the deadline.
template <class Done>
bool run_until(boost::asio::io_context& io, Done done, std::chrono::milliseconds limit = 2000ms) {
  const auto end = std::chrono::steady_clock::now() + limit;
  while (!done() && std::chrono::steady_clock::now() < end) {
    io.restart();
    io.run_for(5ms);
  }
  return done();
}
}  // namespace

TEST_CASE("files closed after writing or renamed into the folder are reported promptly, once") {
  smartstore::testing::TempDir dir;
  smartstore::testing::write_file(dir / "early.png", "before start");
  boost::asio::io_context io;
  std::vector<std::string> got;
  FolderWatch watch(io, {dir.path(), 10s}, [&](const fs::path& p) {
    got.push_back(p.filename().string());
    fs::remove(p);  // as the kiosk does (it moves files to done/)
  });
  REQUIRE(watch.start());
  CHECK(watch.using_inotify());
  REQUIRE(got.size() == 1);
  CHECK(got[0] == "early.png");

  // With a 10 s poll interval only inotify can report within the deadlines.
  auto t0 = std::chrono::steady_clock::now();
  smartstore::testing::write_file(dir / "frame-1.png", "written in place");
  // Polling is set to 10 s: a report within 5 s can only come from inotify.
  REQUIRE(run_until(
      io, [&] { return got.size() == 2; }, 5000ms));
  CHECK(got[1] == "frame-1.png");
  const auto written_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  MESSAGE("reported " << written_ms << " ms after the write");

  smartstore::testing::write_file(dir / ".frame-2.tmp", "half written");
  fs::create_directory(dir / "done");
  io.restart();
  io.run_for(50ms);
  CHECK(got.size() == 2);  // neither the temporary nor the directory
  fs::rename(dir / ".frame-2.tmp", dir / "frame-2.png");
  REQUIRE(run_until(io, [&] { return got.size() == 3; }));
  CHECK(got[2] == "frame-2.png");

  io.restart();
  io.run_for(100ms);
  CHECK(got.size() == 3);  // nothing twice
  watch.stop();
  smartstore::testing::write_file(dir / "after-stop.png", "x");
  io.restart();
  io.run_for(50ms);
  CHECK(got.size() == 3);
}

TEST_CASE("a missing folder is an error value") {
  boost::asio::io_context io;
  FolderWatch watch(io, {"/nonexistent/scan-folder"}, [](const fs::path&) {});
  const auto started = watch.start();
  REQUIRE_FALSE(started);
  CHECK(started.error().kind() == smartstore::ErrorKind::not_found);
  CHECK(started.error().message().find("/nonexistent/scan-folder") != std::string::npos);
}
