// A table on huge pages reads as zeroes, holds what is written anywhere in it
// (both ends of a multi-page table) and is released when it goes.
#include <doctest/doctest.h>

#include <cstdint>

#include "smartstore/common/huge_pages.h"

namespace {
struct Slot {
  std::int32_t day = 0;
  std::uint32_t lines = 0;
  std::int64_t krw = 0;
};
}  // namespace

TEST_CASE("a huge-page table starts zeroed and keeps what is written at both ends") {
  const std::size_t n = 3'000'000;  // 48 MB: several 2 MiB pages
  smartstore::HugePageArray<Slot> table(n);
  REQUIRE(table.size() == n);
  for (std::size_t i : {std::size_t{0}, n / 2, n - 1}) {
    CHECK(table[i].day == 0);
    CHECK(table[i].lines == 0);
    CHECK(table[i].krw == 0);
  }
  table[0].krw = 1;
  table[n - 1].krw = -7;
  table[n - 1].lines = 3;
  CHECK(table[0].krw == 1);
  CHECK(table[n - 1].krw == -7);
  CHECK(table.span().back().lines == 3);
  CHECK(reinterpret_cast<std::uintptr_t>(&table[0]) % alignof(Slot) == 0);
}

TEST_CASE("an empty huge-page table is valid") {
  smartstore::HugePageArray<Slot> table(0);
  CHECK(table.size() == 0);
  CHECK(table.span().empty());
}
