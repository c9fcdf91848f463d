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
// - A picture held still: a cascade the budget cut short carries on where it
//   stopped on the next frame that shows the same picture unchanged (the next frames show nothing newer, so the
//   whole cascade is spent on the picture once, a budget's worth per frame,
//   without waiting for the cap); once it ran to its end, a new cascade
//   every still_retry_s, quick region passes in between.
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
  double budget_ms = 150;  // of the full cascade per frame; a still picture's carries on with the next
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
  long full = 0;      // frames given a step of the full cascade (a new one or one carried on)
  long cascades = 0;  // full cascades begun
  long decoded = 0;   // frames that gave at least one code

  CameraDecodeCounts& operator+=(const CameraDecodeCounts& more);
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
  [[nodiscard]] DecodeReport full_pass(const GreyImage& frame, const Region& region);
  [[nodiscard]] CameraPass choose(const Glance& glance, bool changed, Clock::time_point now);
  [[nodiscard]] CameraPass begin_cascade(const Glance& glance, Clock::time_point now);

  CameraEffort effort_;
  DecodeOptions decode_;
  FirstLook look_;
  std::optional<Glance> previous_;   // the last frame's glance
  std::optional<Glance> reference_;  // the glance of the frame the latest full cascade began on
  int resume_at_ = 0;                // where that cascade stopped; 0: it ran to its end or read a code
  std::optional<Clock::time_point> last_quick_, last_focused_, last_full_;  // last_full_: a cascade began
  CameraDecodeCounts counts_;
};

}  // namespace smartstore::scanner
