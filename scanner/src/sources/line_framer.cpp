#include "smartstore/scanner/line_framer.h"

namespace smartstore::scanner {

LineFramer::LineFramer(std::string terminator, std::size_t max_line)
    : terminator_(terminator.empty() ? "\r\n" : std::move(terminator)), max_line_(max_line) {}

std::vector<std::string> LineFramer::feed(std::string_view bytes) {
  std::vector<std::string> lines;
  for (char ch : bytes) {
    const auto c = static_cast<unsigned char>(ch);
    const bool in_terminator = terminator_.find(ch) != std::string::npos;
    if (!in_terminator && (c < 0x20 || c == 0x7f) && c != 0x1d) continue;  // noise; GS (FNC1) is data
    pending_.push_back(ch);
    if (pending_.size() >= terminator_.size() &&
        pending_.compare(pending_.size() - terminator_.size(), terminator_.size(), terminator_) == 0) {
      pending_.resize(pending_.size() - terminator_.size());
      if (!overflow_ && !pending_.empty()) lines.push_back(pending_);
      pending_.clear();
      overflow_ = false;
      continue;
    }
    if (pending_.size() > max_line_ + terminator_.size()) {
      overflow_ = true;
      pending_.erase(0, pending_.size() - terminator_.size());  // keep a possible terminator start
    }
  }
  return lines;
}

void LineFramer::reset() {
  pending_.clear();
  overflow_ = false;
}

}  // namespace smartstore::scanner
