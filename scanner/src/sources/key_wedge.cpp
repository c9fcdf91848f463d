#include "smartstore/scanner/key_wedge.h"

#include <linux/input-event-codes.h>

#include <utility>

namespace smartstore::scanner {

char key_to_char(std::uint16_t code, bool shift) {
  struct Key {
    std::uint16_t code;
    char plain, shifted;
  };
  static constexpr Key keys[] = {
      {KEY_1, '1', '!'}, {KEY_2, '2', '@'}, {KEY_3, '3', '#'}, {KEY_4, '4', '$'}, {KEY_5, '5', '%'},
      {KEY_6, '6', '^'}, {KEY_7, '7', '&'}, {KEY_8, '8', '*'}, {KEY_9, '9', '('}, {KEY_0, '0', ')'},
      {KEY_MINUS, '-', '_'}, {KEY_EQUAL, '=', '+'}, {KEY_LEFTBRACE, '[', '{'}, {KEY_RIGHTBRACE, ']', '}'},
      {KEY_SEMICOLON, ';', ':'}, {KEY_APOSTROPHE, '\'', '"'}, {KEY_GRAVE, '`', '~'}, {KEY_BACKSLASH, '\\', '|'},
      {KEY_COMMA, ',', '<'}, {KEY_DOT, '.', '>'}, {KEY_SLASH, '/', '?'}, {KEY_SPACE, ' ', ' '},
      {KEY_Q, 'q', 'Q'}, {KEY_W, 'w', 'W'}, {KEY_E, 'e', 'E'}, {KEY_R, 'r', 'R'}, {KEY_T, 't', 'T'},
      {KEY_Y, 'y', 'Y'}, {KEY_U, 'u', 'U'}, {KEY_I, 'i', 'I'}, {KEY_O, 'o', 'O'}, {KEY_P, 'p', 'P'},
      {KEY_A, 'a', 'A'}, {KEY_S, 's', 'S'}, {KEY_D, 'd', 'D'}, {KEY_F, 'f', 'F'}, {KEY_G, 'g', 'G'},
      {KEY_H, 'h', 'H'}, {KEY_J, 'j', 'J'}, {KEY_K, 'k', 'K'}, {KEY_L, 'l', 'L'}, {KEY_Z, 'z', 'Z'},
      {KEY_X, 'x', 'X'}, {KEY_C, 'c', 'C'}, {KEY_V, 'v', 'V'}, {KEY_B, 'b', 'B'}, {KEY_N, 'n', 'N'},
      {KEY_M, 'm', 'M'}, {KEY_KP0, '0', '0'}, {KEY_KP1, '1', '1'}, {KEY_KP2, '2', '2'}, {KEY_KP3, '3', '3'},
      {KEY_KP4, '4', '4'}, {KEY_KP5, '5', '5'}, {KEY_KP6, '6', '6'}, {KEY_KP7, '7', '7'}, {KEY_KP8, '8', '8'},
      {KEY_KP9, '9', '9'}, {KEY_KPMINUS, '-', '-'}, {KEY_KPDOT, '.', '.'}, {KEY_KPSLASH, '/', '/'},
      {KEY_KPASTERISK, '*', '*'}, {KEY_KPPLUS, '+', '+'}};
  for (const auto& k : keys)
    if (k.code == code) return shift ? k.shifted : k.plain;
  return 0;
}

std::optional<std::string> KeyWedge::feed(std::uint16_t type, std::uint16_t code, std::int32_t value) {
  if (type != EV_KEY) return std::nullopt;
  if (code == KEY_LEFTSHIFT) left_shift_ = value != 0;
  if (code == KEY_RIGHTSHIFT) right_shift_ = value != 0;
  if (value != 1) return std::nullopt;  // releases and auto-repeat type nothing
  if (code == KEY_ENTER || code == KEY_KPENTER) {
    std::string line = std::exchange(line_, {});
    const bool dropped = std::exchange(overflow_, false);
    if (dropped || line.empty()) return std::nullopt;
    return line;
  }
  const char c = key_to_char(code, left_shift_ || right_shift_);
  if (!c) return std::nullopt;
  if (line_.size() >= max_line_) {
    overflow_ = true;  // a runaway device: drop this line rather than hand on a fragment
    line_.clear();
    return std::nullopt;
  }
  if (!overflow_) line_.push_back(c);
  return std::nullopt;
}

}  // namespace smartstore::scanner
