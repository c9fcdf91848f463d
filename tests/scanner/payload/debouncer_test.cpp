#include <doctest/doctest.h>

#include "smartstore/scanner/debouncer.h"

#include <string>

using namespace smartstore::scanner;
using namespace std::chrono_literals;

TEST_CASE("the same code within the window counts once") {
  auto now = std::chrono::steady_clock::time_point{};
  Debouncer d(1500ms, [&] { return now; });
  CHECK(d.accept("8710123456783459"));
  now += 200ms;
  CHECK_FALSE(d.accept("8710123456783459"));
  CHECK(d.accept("SC1.AAAAAAAAAAAA"));  // another code is not held back
  now += 1400ms;                        // held in view: window runs from the latest read
  CHECK_FALSE(d.accept("8710123456783459"));
  now += 1500ms;
  CHECK(d.accept("8710123456783459"));
}

TEST_CASE("memory stays bounded") {
  auto now = std::chrono::steady_clock::time_point{};
  Debouncer d(100ms, [&] { return now; });
  for (int i = 0; i < 5000; ++i) {
    now += 1ms;
    CHECK(d.accept(std::to_string(i)));
  }
  CHECK(d.remembered() <= 256);
}
