#pragma once
// How hard a camera tries on each frame follows the evidence: FirstLook runs
// on every frame (well under a millisecond) and decides.
// - Nothing code-like: the quick passes on the whole frame, at most
//   idle_decode_hz (a code the look missed is still read, a little later);
//   a picture that changed and then settled gets one full cascade (at most
//   full_decode_hz), since the look misses codes with very large modules.
// - Code-like: the quick passes on that region (at most focused_decode_hz
//   while the picture moves, idle_decode_hz while it stands still), and the
//   full cascade (FrameDecoder with its retries) at most full_decode_hz while
//   the picture differs from the one last given the full cascade.
// - A code held still: once the picture stops changing it gets one longer
//   full cascade (still_budget_ms: the next frames show nothing newer), then
//   a full cascade every still_retry_s, quick region passes in between.
// A frame not worth a pass costs only the look. The clock is passed in, so
// the policy is tested without waiting.
#include "smartstore/scanner/decoder.h"
#include "smartstore/scanner/first_look.h"

#include <chrono>
#include <optional>

namespace smartstore::scanner {

struct CameraEffort {
  double idle_decode_hz = 2;
  double focused_decode_hz = 15;
  double full_decode_hz = 4;
  double budget_ms = 150;         // a full cascade on a changing picture: the next frame is newer
  double still_budget_ms = 1000;  // the one longer try on a picture that stopped changing
  double still_retry_s = 10;
};

enum class CameraPass { none, quick, focused, full };
[[nodiscard]] const char* camera_pass_name(CameraPass pass);

struct CameraDecodeResult {
  CameraPass pass = CameraPass::none;
  bool code_like = false;
  bool changed = false;  // since the previous frame
  DecodeReport report;   // corners in the frame's pixels
};

struct CameraDecodeCounts {
  long frames = 0;
  long none = 0;
  long quick = 0;
  long focused = 0;
  long full = 0;
  long decoded = 0;  // frames that gave at least one code
};

class CameraDecoder {
 public:
  using Clock = std::chrono::steady_clock;
  explicit CameraDecoder(CameraEffort effort = {}, DecodeOptions decode = {});

  [[nodiscard]] CameraDecodeResult offer(const GreyImage& frame, Clock::time_point now);
  [[nodiscard]] const CameraDecodeCounts& counts() const { return counts_; }
  [[nodiscard]] const CameraEffort& effort() const { return effort_; }

 private:
  [[nodiscard]] bool due(std::optional<Clock::time_point> last, Clock::time_point now, double hz) const;
  [[nodiscard]] DecodeReport quick_pass(const GreyImage& frame, const Region& region) const;
  [[nodiscard]] DecodeReport full_pass(const GreyImage& frame, const Region& region, double budget_ms) const;
  [[nodiscard]] CameraPass choose(const Glance& glance, bool changed, Clock::time_point now);

  CameraEffort effort_;
  DecodeOptions decode_;
  FirstLook look_;
  std::optional<Glance> previous_;   // the last frame's glance
  std::optional<Glance> reference_;  // the glance of the last full cascade's frame
  int still_tries_ = 0;              // full cascades on the reference picture
  std::optional<Clock::time_point> last_quick_, last_focused_, last_full_;
  CameraDecodeCounts counts_;
};

}  // namespace smartstore::scanner
