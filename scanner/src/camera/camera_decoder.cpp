#include "smartstore/scanner/camera_decoder.h"

namespace smartstore::scanner {
namespace {

// A region this much of the frame is the frame: cropping saves nothing.
constexpr double kWholeFrameShare = 0.6;

bool whole_frame(const GreyImage& f, const Region& r) {
  return r.empty() || static_cast<double>(r.width) * r.height >= kWholeFrameShare * f.width * f.height;
}

}  // namespace

const char* camera_pass_name(CameraPass pass) {
  switch (pass) {
    case CameraPass::none:
      return "none";
    case CameraPass::quick:
      return "quick";
    case CameraPass::focused:
      return "focused";
    case CameraPass::full:
      return "full";
  }
  return "none";
}

CameraDecoder::CameraDecoder(CameraEffort effort, DecodeOptions decode) : effort_(effort), decode_(decode) {
  decode_.max_codes = 1;  // a kiosk wants the first code, and the quick passes need it
}

bool CameraDecoder::due(std::optional<Clock::time_point> last, Clock::time_point now, double hz) const {
  if (hz <= 0) return false;
  if (!last) return true;
  return std::chrono::duration<double>(now - *last).count() >= 1.0 / hz;
}

DecodeReport CameraDecoder::quick_pass(const GreyImage& f, const Region& r) const {
  DecodeOptions quick = decode_;
  quick.quick_first = true;
  quick.thorough_passes = false;
  const FrameDecoder decoder(quick);
  if (whole_frame(f, r)) return decoder.decode(f).value_or(DecodeReport{});
  // The region read in place: a view into the frame with the frame's stride.
  const FrameView view{f.pixels.data() + static_cast<std::ptrdiff_t>(r.y) * f.width + r.x, r.width, r.height,
                       f.width, PixelFormat::grey8};
  DecodeReport report = decoder.decode(view).value_or(DecodeReport{});
  for (auto& code : report.codes)
    for (auto& p : code.corners) p = {p.x + r.x, p.y + r.y};
  return report;
}

CameraDecodeCounts& CameraDecodeCounts::operator+=(const CameraDecodeCounts& more) {
  frames += more.frames;
  none += more.none;
  quick += more.quick;
  focused += more.focused;
  full += more.full;
  cascades += more.cascades;
  decoded += more.decoded;
  return *this;
}

DecodeReport CameraDecoder::full_pass(const GreyImage& f, const Region& r) {
  if (resume_at_ == 0 && !whole_frame(f, r)) {
    DecodeReport focused = quick_pass(f, r);
    if (!focused.codes.empty()) return focused;
  }
  DecodeOptions full = decode_;
  full.budget_ms = effort_.budget_ms;
  full.resume_from = resume_at_;
  DecodeReport report = FrameDecoder(full).decode(f).value_or(DecodeReport{});
  resume_at_ = report.resume_at;
  return report;
}

CameraPass CameraDecoder::begin_cascade(const Glance& g, Clock::time_point now) {
  reference_ = g;
  resume_at_ = 0;
  last_full_ = now;
  ++counts_.cascades;
  return CameraPass::full;
}

CameraPass CameraDecoder::choose(const Glance& g, bool changed, Clock::time_point now) {
  const bool moved = !reference_ || look_.changed(g, *reference_);
  // The picture the cascade began on is still there and standing still:
  // carry on where the budget stopped it, at once (nothing newer will come to
  // replace it). A moving picture gets new cascades only, at the capped rate.
  if (!moved && !changed && resume_at_ > 0) return CameraPass::full;
  if (!g.code_like()) {
    // A picture that changed and settled gets one full cascade even so: the
    // look misses codes with very large modules or little contrast.
    if (moved && !changed && due(last_full_, now, effort_.full_decode_hz)) return begin_cascade(g, now);
    if (!due(last_quick_, now, effort_.idle_decode_hz)) return CameraPass::none;
    last_quick_ = now;
    return CameraPass::quick;
  }
  const double since_full =
      last_full_ ? std::chrono::duration<double>(now - *last_full_).count() : effort_.still_retry_s;
  if (moved ? due(last_full_, now, effort_.full_decode_hz) : since_full >= effort_.still_retry_s)
    return begin_cascade(g, now);
  if (!due(last_focused_, now, changed ? effort_.focused_decode_hz : effort_.idle_decode_hz))
    return CameraPass::none;
  last_focused_ = now;
  return CameraPass::focused;
}

CameraDecodeResult CameraDecoder::offer(const GreyImage& frame, Clock::time_point now) {
  CameraDecodeResult result;
  Glance g = look_.glance(frame);
  result.code_like = g.code_like();
  result.changed = !previous_ || look_.changed(g, *previous_);
  result.pass = choose(g, result.changed, now);
  ++counts_.frames;
  switch (result.pass) {
    case CameraPass::none:
      ++counts_.none;
      break;
    case CameraPass::quick:
      ++counts_.quick;
      result.report = quick_pass(frame, {});
      break;
    case CameraPass::focused:
      ++counts_.focused;
      result.report = quick_pass(frame, g.code_region);
      break;
    case CameraPass::full:
      ++counts_.full;
      result.report = full_pass(frame, g.code_region);
      if (!result.report.codes.empty()) resume_at_ = 0;
      break;
  }
  counts_.decoded += !result.report.codes.empty();
  previous_ = std::move(g);
  return result;
}

}  // namespace smartstore::scanner
