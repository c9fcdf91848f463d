// Serial scanners through a pseudo-terminal pair: partial reads, noise,
// disconnect and re-open through a by-id style symlink.
#include <doctest/doctest.h>

#include "smartstore/scanner/serial_scanner.h"
#include "support/test_paths.h"

#include <fcntl.h>
#include <pty.h>
#include <unistd.h>

#include <filesystem>
#include <functional>

using namespace smartstore::scanner;
using namespace std::chrono_literals;

namespace {
struct Pty {
  int master = -1, slave = -1;
  std::string path;
  Pty() {
    char name[256] = {};
    REQUIRE(openpty(&master, &slave, name, nullptr, nullptr) == 0);
    path = name;
  }
  void close_both() {
    if (master >= 0) ::close(master);
    if (slave >= 0) ::close(slave);
    master = slave = -1;
  }
  ~Pty() { close_both(); }
  void write(std::string_view s) const {
    REQUIRE(::write(master, s.data(), s.size()) == static_cast<ssize_t>(s.size()));
  }
};

bool run_until(boost::asio::io_context& io, const std::function<bool()>& done) {
  for (int i = 0; i < 200 && !done(); ++i) {
    io.restart();
    io.run_for(10ms);
  }
  return done();
}
}  // namespace

TEST_CASE("serial scanner over a pty: lines, noise, unplug and re-plug") {
  namespace fs = std::filesystem;
  smartstore::testing::TempDir dir;
  const fs::path link = dir / "usb-scanner";
  auto first = std::make_unique<Pty>();
  fs::create_symlink(first->path, link);

  boost::asio::io_context io;
  std::vector<std::string> lines;
  int connected = 0;
  SerialScannerOptions options;
  options.path = link.string();
  options.reopen_min = 20ms;
  options.reopen_max = 100ms;
  SerialScanner scanner(
      io, options, [&](std::string l) { lines.push_back(std::move(l)); },
      [&](const smartstore::Status& status) { connected += status.has_value(); });
  scanner.start();
  REQUIRE(run_until(io, [&] { return connected == 1; }));

  first->write("8710 1234");
  run_until(io, [] { return false; });  // nothing completes a line yet
  CHECK(lines.empty());
  first->write("\x01 5678 3459\r\n96385074\r\n");
  REQUIRE(run_until(io, [&] { return lines.size() == 2; }));
  CHECK(lines[0] == "8710 1234 5678 3459");
  CHECK(lines[1] == "96385074");

  // Unplug: the device node goes away; re-plug shows up behind the same link.
  first->close_both();
  Pty second;
  fs::remove(link);
  fs::create_symlink(second.path, link);
  REQUIRE(run_until(io, [&] { return connected == 2; }));
  CHECK(scanner.reconnects() >= 1);
  second.write("SC1.MFRGGZDFMZTWQ2LK\r\n");
  REQUIRE(run_until(io, [&] { return lines.size() == 3; }));
  CHECK(lines[2] == "SC1.MFRGGZDFMZTWQ2LK");
  scanner.stop();
}
