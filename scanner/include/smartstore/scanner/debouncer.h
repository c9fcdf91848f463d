#pragma once
// A scanner held in front of a phone reads the same code many times a
// second; the kiosk must act once. The same code read again within the window
// (measured from its latest read, so a code held in view stays suppressed)
// counts once. Codes are remembered only as 64-bit hashes: no membership
// number is kept here.
#include <chrono>
#include <cstdint>
#include <functional>
#include <string_view>
#include <unordered_map>

namespace smartstore::scanner {

class Debouncer {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;
  explicit Debouncer(std::chrono::milliseconds window, Clock clock = {});

  // True when `code` should be acted on; false for a repeat within the window.
  [[nodiscard]] bool accept(std::string_view code);
  [[nodiscard]] std::size_t remembered() const { return last_seen_.size(); }

 private:
  void forget_expired(std::chrono::steady_clock::time_point now);
  std::chrono::milliseconds window_;
  Clock clock_;
  std::unordered_map<std::uint64_t, std::chrono::steady_clock::time_point> last_seen_;
};

}  // namespace smartstore::scanner
