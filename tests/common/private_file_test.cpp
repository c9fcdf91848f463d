#include "smartstore/common/private_file.h"

#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

namespace smartstore {
namespace {

namespace fs = std::filesystem;

struct TempDir {
  fs::path dir = fs::temp_directory_path() / ("private_file_test." + std::to_string(::getpid()));
  TempDir() { fs::create_directories(dir); }
  ~TempDir() { fs::remove_all(dir); }
};

unsigned mode_of(const fs::path& f) {
  struct stat st {};
  REQUIRE(::stat(f.c_str(), &st) == 0);
  return st.st_mode & 0777U;
}

std::string contents(const fs::path& f) {
  std::ifstream in(f, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST_CASE("a private file is created 0600 whatever the umask") {
  TempDir t;
  const mode_t old = ::umask(0);
  const fs::path f = t.dir / "keys.json";
  REQUIRE(write_private_file(f, "secret"));
  ::umask(old);
  CHECK(mode_of(f) == 0600U);
  CHECK(contents(f) == "secret");
}

TEST_CASE("an existing world-readable file is replaced by a new 0600 inode") {
  TempDir t;
  const fs::path f = t.dir / "members.csv";
  { std::ofstream(f) << "old contents that were longer"; }
  fs::permissions(f, fs::perms::owner_all | fs::perms::others_read | fs::perms::group_read);
  struct stat before {};
  REQUIRE(::stat(f.c_str(), &before) == 0);
  auto file = PrivateFile::create(f);
  REQUIRE(file);
  CHECK(mode_of(f) == 0600U);
  REQUIRE(file->write("new"));
  REQUIRE(file->sync());
  REQUIRE(file->close());
  CHECK(contents(f) == "new");
}

TEST_CASE("replacing a private file is atomic and leaves no temporary behind") {
  TempDir t;
  const fs::path f = t.dir / "manifest.json";
  REQUIRE(replace_private_file(f, "v1", true));
  REQUIRE(replace_private_file(f, "v2", false));
  CHECK(contents(f) == "v2");
  CHECK(mode_of(f) == 0600U);
  CHECK_FALSE(fs::exists(t.dir / "manifest.json.tmp"));
}

TEST_CASE("ensure_private_file keeps contents and narrows the mode") {
  TempDir t;
  const fs::path f = t.dir / "kiosk.db";
  { std::ofstream(f) << "pages"; }
  fs::permissions(f, fs::perms::owner_all | fs::perms::others_read);
  REQUIRE(ensure_private_file(f));
  CHECK(mode_of(f) == 0600U);
  CHECK(contents(f) == "pages");
  const fs::path fresh = t.dir / "hq.db";
  REQUIRE(ensure_private_file(fresh));
  CHECK(mode_of(fresh) == 0600U);
}

TEST_CASE("failures are storage errors naming the path") {
  TempDir t;
  const fs::path f = t.dir / "missing-dir" / "x.json";
  const Status s = write_private_file(f, "x");
  REQUIRE_FALSE(s);
  CHECK(s.error().kind() == ErrorKind::storage_io);
  CHECK(s.error().message().find(f.string()) != std::string::npos);
  CHECK_FALSE(replace_private_file(f, "x", true));
  CHECK_FALSE(ensure_private_file(f));
}

}  // namespace
}  // namespace smartstore
