#include "smartstore/scanner/debouncer.h"

namespace smartstore::scanner {
namespace {
std::uint64_t fnv1a(std::string_view s) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}
}  // namespace

Debouncer::Debouncer(std::chrono::milliseconds window, Clock clock) : window_(window), clock_(std::move(clock)) {
  if (!clock_) clock_ = [] { return std::chrono::steady_clock::now(); };
}

bool Debouncer::accept(std::string_view code) {
  const auto now = clock_();
  // Bounded memory: only codes seen within the window are worth keeping.
  if (last_seen_.size() >= 256) forget_expired(now);
  auto [it, inserted] = last_seen_.try_emplace(fnv1a(code), now);
  if (inserted) return true;
  const bool repeat = now - it->second < window_;
  it->second = now;
  return !repeat;
}

void Debouncer::forget_expired(std::chrono::steady_clock::time_point now) {
  for (auto it = last_seen_.begin(); it != last_seen_.end();)
    it = now - it->second >= window_ ? last_seen_.erase(it) : std::next(it);
}

}  // namespace smartstore::scanner
