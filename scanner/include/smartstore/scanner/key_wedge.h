#pragma once
// Keyboard-wedge (HID) scanners type the code as key presses. KeyWedge turns
// evdev key events (linux/input.h codes, US layout, either shift) into lines,
// ending at Enter. Kept free of I/O so recorded event sequences test it.
#include <cstdint>
#include <optional>
#include <string>

namespace smartstore::scanner {

class KeyWedge {
 public:
  explicit KeyWedge(std::size_t max_line = 4096) : max_line_(max_line) {}
  // type/code/value as in struct input_event; a finished line on Enter.
  std::optional<std::string> feed(std::uint16_t type, std::uint16_t code, std::int32_t value);

 private:
  std::size_t max_line_;
  std::string line_;
  bool left_shift_ = false;
  bool right_shift_ = false;
  bool overflow_ = false;
};

// The character of `code` with or without shift, 0 when it types none.
[[nodiscard]] char key_to_char(std::uint16_t code, bool shift);

}  // namespace smartstore::scanner
