#pragma once
// Bytes from a serial scanner arrive in arbitrary pieces; LineFramer cuts them
// at the configured terminator, drops line noise (control bytes, NUL) and
// discards runaway lines instead of handing on fragments.
#include <string>
#include <string_view>
#include <vector>

namespace smartstore::scanner {

class LineFramer {
 public:
  explicit LineFramer(std::string terminator = "\r\n", std::size_t max_line = 4096);
  // Appends `bytes`; returns the lines completed by them (never empty lines).
  std::vector<std::string> feed(std::string_view bytes);
  // Drops a partial line (on disconnect: the rest will never come).
  void reset();

 private:
  std::string terminator_;
  std::size_t max_line_;
  std::string pending_;
  bool overflow_ = false;
};

}  // namespace smartstore::scanner
