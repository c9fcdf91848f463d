// LineFramer cuts serial bytes into lines: pieces, noise, terminators, overflow.
#include <doctest/doctest.h>

#include "smartstore/scanner/line_framer.h"

using namespace smartstore::scanner;

TEST_CASE("line framer: partial pieces, noise, custom terminator, overflow") {
  LineFramer f("\r\n", 24);
  CHECK(f.feed("8710 1234").empty());
  CHECK(f.feed(std::string_view("\x00\x07 5678", 7)).empty());
  auto lines = f.feed(" 3459\r\nSC1.ABC\r");
  REQUIRE(lines.size() == 1);
  CHECK(lines[0] == "8710 1234 5678 3459");
  lines = f.feed("\n\r\n");
  REQUIRE(lines.size() == 1);  // the empty line is not a code
  CHECK(lines[0] == "SC1.ABC");
  CHECK(f.feed(std::string(40, '9') + "\r\nok\r\n") == std::vector<std::string>{"ok"});
  LineFramer tab("\t");
  CHECK(tab.feed("a\tb\t") == std::vector<std::string>{"a", "b"});
}
