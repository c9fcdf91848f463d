// ctest-labels: integration
#include <doctest/doctest.h>
#include <signal.h>

#include <sys/stat.h>

#include <fstream>
#include <random>
#include <regex>

#include "support/child_process.h"
#include "support/example_config.h"
#include "support/key_files.h"
#include "support/test_paths.h"

using namespace smartstore::testing;
using namespace std::chrono_literals;

using smartstore::testing::provision_key;

TEST_CASE("smartstored refuses to start without its key files, naming the file") {
  TempDir dir;
  auto config = dir / "kiosk.toml";
  write_file(config, example_config_in(dir, free_loopback_port()));
  ChildProcess daemon(program("smartstored"), {"--config", config.string()}, dir / "daemon.log");
  CHECK(daemon.wait(20s) == 1);
  CHECK(daemon.log().find("keys/deployment.key: key file missing") != std::string::npos);
}

TEST_CASE("smartstored starts on the example config, survives a bad SIGHUP, stops on SIGTERM") {
  TempDir dir;
  auto config = dir / "kiosk.toml";
  write_file(config, example_config_in(dir, free_loopback_port()));
  provision_key(dir / "etc/keys/deployment.key");
  provision_key(dir / "etc/keys/coupon.key");

  ChildProcess check(program("smartstored"), {"--check-config", config.string()}, dir / "check.log");
  CHECK(check.wait(10s) == 0);

  ChildProcess daemon(program("smartstored"), {"--config", config.string()}, dir / "daemon.log");
  REQUIRE_MESSAGE(daemon.wait_for_log("smartstored ready", 20s), daemon.log());

  write_file(config, "[kiosk]\nstore_id = 7\n");
  daemon.signal(SIGHUP);
  REQUIRE(daemon.wait_for_log("new config rejected, keeping the running one", 10s));
  CHECK(daemon.log().find("kiosk.store_id: expected a string") != std::string::npos);
  CHECK(daemon.running());

  write_file(config, example_config_in(dir, free_loopback_port()));
  daemon.signal(SIGHUP);
  CHECK(daemon.wait_for_log("config reloaded", 10s));

  daemon.signal(SIGTERM);
  CHECK(daemon.wait(20s) == 0);
  CHECK(daemon.log().find("smartstored stopped") != std::string::npos);
}

TEST_CASE("smartstored --check-config rejects a bad file with its reason") {
  TempDir dir;
  write_file(dir / "bad.toml", "[kiosk]\nstore_id = \"S001\"\nbogus = 1\n");
  ChildProcess check(program("smartstored"), {"--check-config", (dir / "bad.toml").string()},
                     dir / "out.log");
  CHECK(check.wait(10s) == 1);
  CHECK(check.log().find("bad.toml:3: kiosk.bogus: unknown key") != std::string::npos);
}
