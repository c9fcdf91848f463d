#include <doctest/doctest.h>

#include "smartstore/scanner/key_wedge.h"

#include <linux/input.h>

#include <vector>

using namespace smartstore::scanner;

namespace {
// A recorded sequence as a wedge scanner emits it: press, SYN, release, SYN.
std::vector<input_event> type_keys(const std::vector<std::pair<std::uint16_t, bool>>& keys) {
  std::vector<input_event> out;
  auto ev = [&](std::uint16_t type, std::uint16_t code, std::int32_t value) {
    input_event e{};
    e.type = type;
    e.code = code;
    e.value = value;
    out.push_back(e);
  };
  for (auto [code, shifted] : keys) {
    if (shifted) ev(EV_KEY, KEY_LEFTSHIFT, 1);
    ev(EV_MSC, MSC_SCAN, 0x70000 + code);
    ev(EV_KEY, code, 1);
    ev(EV_SYN, SYN_REPORT, 0);
    ev(EV_KEY, code, 0);
    if (shifted) ev(EV_KEY, KEY_LEFTSHIFT, 0);
    ev(EV_SYN, SYN_REPORT, 0);
  }
  return out;
}

std::vector<std::string> replay(KeyWedge& wedge, const std::vector<input_event>& events) {
  std::vector<std::string> lines;
  for (const auto& e : events)
    if (auto line = wedge.feed(e.type, e.code, e.value)) lines.push_back(*line);
  return lines;
}
}  // namespace

TEST_CASE("key codes to characters, shift included, Enter ends the line") {
  KeyWedge wedge;
  auto events = type_keys({{KEY_S, true},
                           {KEY_C, true},
                           {KEY_1, false},
                           {KEY_DOT, false},
                           {KEY_A, true},
                           {KEY_B, false},
                           {KEY_2, false},
                           {KEY_7, false},
                           {KEY_ENTER, false}});
  auto digits = type_keys({{KEY_8, false},
                           {KEY_7, false},
                           {KEY_1, false},
                           {KEY_0, false},
                           {KEY_MINUS, false},
                           {KEY_KP1, false},
                           {KEY_1, true},
                           {KEY_KPENTER, false}});
  events.insert(events.end(), digits.begin(), digits.end());
  const auto lines = replay(wedge, events);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0] == "SC1.Ab27");
  CHECK(lines[1] == "8710-1!");
}

TEST_CASE("auto-repeat and unknown keys type nothing; right shift works; runaway lines are dropped") {
  KeyWedge wedge(8);
  std::vector<std::string> lines;
  auto feed = [&](std::uint16_t code, std::int32_t v) {
    if (auto l = wedge.feed(EV_KEY, code, v)) lines.push_back(*l);
  };
  feed(KEY_RIGHTSHIFT, 1);
  feed(KEY_M, 1);
  feed(KEY_M, 2);  // repeat
  feed(KEY_RIGHTSHIFT, 0);
  feed(KEY_F1, 1);
  feed(KEY_C, 1);
  feed(KEY_ENTER, 1);
  for (int i = 0; i < 20; ++i) feed(KEY_9, 1);
  feed(KEY_ENTER, 1);
  feed(KEY_ENTER, 1);  // empty line
  REQUIRE(lines.size() == 1);
  CHECK(lines[0] == "Mc");
  CHECK(key_to_char(KEY_SLASH, true) == '?');
  CHECK(key_to_char(KEY_ESC, false) == 0);
}
