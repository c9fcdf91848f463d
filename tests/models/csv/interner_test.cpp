// The readers' string interner: ids in the order first seen, names already
// in the vector keep theirs, and growth keeps every id.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "../../../models/src/csv/interner.h"

using smartstore::models::csv::Interner;

TEST_CASE("interner numbers strings in the order first seen and stores each once") {
  std::vector<std::string> names;
  Interner interner(names);
  CHECK(interner.id("b") == 0);
  CHECK(interner.id("a") == 1);
  CHECK(interner.id("b") == 0);
  CHECK(interner.id("") == 2);
  CHECK(interner.id("a") == 1);
  CHECK(names == std::vector<std::string>{"b", "a", ""});
}

TEST_CASE("interner keeps the ids of the names it starts with") {
  std::vector<std::string> names{"", "x"};
  Interner interner(names);
  CHECK(interner.id("") == 0);
  CHECK(interner.id("x") == 1);
  CHECK(interner.id("y") == 2);
  CHECK(names.size() == 3);
}

TEST_CASE("interner keeps every id through its table's growth") {
  std::vector<std::string> names;
  Interner interner(names);  // 1024 slots: 5000 names regrow it three times
  for (int i = 0; i < 5000; ++i)
    REQUIRE(interner.id("s" + std::to_string(i)) == static_cast<std::uint32_t>(i));
  for (int i = 4999; i >= 0; --i)
    CHECK(interner.id("s" + std::to_string(i)) == static_cast<std::uint32_t>(i));
  CHECK(names.size() == 5000);
  CHECK(names[4321] == "s4321");
}
